import Findings

/// The one list of lint rules. Adding a rule: a file in `Rules/`, a line here (in id order), a test file in
/// `Tests/LintTests/Rules/` named after the rule.
public enum RuleRegistry {
    public static let all: [any Rule] = [
        ShellFormEntrypoint(),
        ShellFormCmd(),
        StopsignalSigkill(),
        MissingInit(),
        UnusedInit(),
        WrapperScriptWithoutExec(),
        ProcessSupervisor(),
        BackgroundProcess(),
        ServiceStartInCommand(),
        MultipleServers(),
        MultipleCmd(),
        SourceBeforeDependencies(),
        AptGetUpdateAlone(),
        MissingDockerignore(),
        VolatileArgEarly(),
        NetworkToolsInstalled(),
        SshInstalled(),
        BuildToolsInFinalStage(),
        EditorsInstalled(),
        DebuggersInstalled(),
        DownloadToolsLeft(),
        StaticBinaryOnFullBase(),
        AptNoInstallRecommends(),
        ApkNoCache(),
        PipNoCacheDir(),
        SingleStageBuild(),
        RootUser(),
        WorldWritableChmod(),
        SetuidChmod(),
        TlsVerificationDisabled(),
        SignatureCheckDisabled(),
        SudoUsage(),
        FullBaseImage(),
        EndOfLifeBase(),
        DeletionInLaterLayer(),
        AptListsNotCleaned(),
        PackageCacheNotCleaned(),
        ChmodInSeparateRun(),
        UseraddLargeUid(),
        MixedBaseTags(),
        UntaggedBase(),
        LatestTag(),
        MissingOciLabels(),
        InvalidOciLabels(),
        CopyFromUntaggedImage(),
        UntrustedRegistry(),
        BaseNotAllowed(),
        UnpinnedBaseDigest(),
        CurlPipeShell(),
        AddUrlWithoutChecksum(),
        AddInsteadOfCopy(),
        DownloadedScriptExecuted(),
        SecretInEnv(),
        SecretInArg(),
        SecretValueLiteral(),
        CopySecretFile(),
        ChpasswdLiteralPassword(),
        SyntaxError(),
        UnknownStageReference(),
        DuplicateStageName(),
        InstructionBeforeFrom(),
        InvalidExecFormJson(),
        RelativeWorkdir(),
        UnknownInstruction(),
        StageNameCasing(),
        FromAsCasing(),
        UndefinedVariable(),
        MaintainerDeprecated(),
        InconsistentInstructionCasing(),
        CopyMultipleSourcesToFile(),
        InvalidExpose(),
        CdInRun(),
        LegacyKeyValueFormat(),
        RedundantTargetPlatform(),
        ReservedStageName(),
        MissingPipefail(),
        AptInsteadOfAptGet(),
        NoEmptyContinuation(),
        CopyIgnoredFile(),
        FromPlatformFlagConstDisallowed(),
        InvalidDefaultArgInFrom(),
        InvalidDefinitionDescription(),
        AptGetWithoutYes(),
        FinalStageBuildPlatform(),
    ]

    /// Every rule's descriptor, in id order.
    public static let descriptors: [RuleDescriptor] = all.map(\.descriptor)

    /// The rule with this id or name (ids case-insensitively).
    public static func rule(_ idOrName: String) -> (any Rule)? {
        all.first { $0.descriptor.id == idOrName.uppercased() || $0.descriptor.name == idOrName.lowercased() }
    }

    /// hadolint code → the ids of our rules that check the same thing.
    public static let hadolintMapping: [String: [String]] = {
        var mapping: [String: [String]] = [:]
        for rule in all {
            for code in type(of: rule).hadolintCodes { mapping[code, default: []].append(rule.descriptor.id) }
        }
        return mapping
    }()

    /// BuildKit build check → the ids of our rules that check the same thing.
    public static let buildkitMapping: [String: [String]] = {
        var mapping: [String: [String]] = [:]
        for rule in all {
            for check in type(of: rule).buildkitChecks { mapping[check, default: []].append(rule.descriptor.id) }
        }
        return mapping
    }()
}
