import Findings
import Testing

@testable import Lint

@Suite("BuildKit # check= directives")
struct BuildCheckDirectivesTests {
    static func rules(_ text: String) -> [String] {
        Linter().lint(text, path: "Dockerfile").map { "\($0.rule)@\($0.range?.line ?? 0)" }
    }

    static let casing = "FROM scratch as base\ncopy Dockerfile .\n"

    @Test("without a directive, the casing checks report")
    func none() {
        let found = Self.rules(Self.casing)
        #expect(found.contains("SS0128@1"))
        #expect(found.contains("SS0131@2"))
    }

    @Test("skip=all silences every BuildKit check, and only those")
    func skipAll() {
        let found = Self.rules("#check=skip=all\n" + Self.casing)
        #expect(!found.contains { $0.hasPrefix("SS0128") || $0.hasPrefix("SS0131") })
        let other = Self.rules("# check=skip=all\nFROM python:2.7\n")
        #expect(other.contains("SS0061@2"))
    }

    @Test("skip=A,B names checks case-sensitively; other options after ;")
    func skipNamed() {
        let found = Self.rules("#check=skip=ConsistentInstructionCasing\n" + Self.casing)
        #expect(found.contains("SS0128@2"))
        #expect(!found.contains("SS0131@3"))
        let both = Self.rules("# check = skip=ConsistentInstructionCasing,FromAsCasing;error=true\n" + Self.casing)
        #expect(!both.contains("SS0128@2") && !both.contains("SS0131@3"))
        // BuildKit reads the value up to its first space: after `A, B` only A is skipped.
        let spaced = Self.rules("#check=skip=ConsistentInstructionCasing, FromAsCasing\n" + Self.casing)
        #expect(spaced.contains("SS0128@2") && !spaced.contains("SS0131@3"))
        let wrongCase = Self.rules("#check=skip=fromascasing\n" + Self.casing)
        #expect(wrongCase.contains("SS0128@2"))
    }

    @Test("error=true makes the BuildKit checks' findings errors")
    func errorTrue() {
        let findings = Linter().lint("#check=error=true\n" + Self.casing, path: "Dockerfile")
        #expect(findings.first { $0.rule == "SS0128" }?.severity == .error)
        let plain = Linter().lint(Self.casing, path: "Dockerfile")
        #expect(plain.first { $0.rule == "SS0128" }?.severity == .info)
    }

    @Test("a check comment above an instruction skips it for that instruction only")
    func perInstruction() {
        let text = """
            FROM alpine:3.22
            # check=skip=JSONArgsRecommended
            ENTRYPOINT my-app --serve
            CMD my-app --serve
            """
        let found = Self.rules(text)
        #expect(!found.contains("SS0001@3"))
        #expect(found.contains("SS0002@4"))
    }

    @Test("a directive after the first instruction or a comment is no file directive; a bad one is ignored")
    func placement() {
        #expect(Self.rules("# a comment\n#check=skip=all\n" + Self.casing).contains("SS0131@4"))
        #expect(BuildCheckDirectives.parse("skip") == nil)
        #expect(BuildCheckDirectives.parse("error=maybe") == nil)
        #expect(BuildCheckDirectives.parse("colour=red") == nil)
        #expect(BuildCheckDirectives.parse("skip=A,B;error=1")?.skipped == ["A", "B"])
        #expect(BuildCheckDirectives.parse("skip=all ignored-after-space")?.skipAll == true)
    }

    @Test("every BuildKit check we map names a rule, and explain's mapping is the rules' own")
    func mapping() {
        for check in [
            "StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing",
            "DuplicateStageName", "ReservedStageName", "JSONArgsRecommended", "MaintainerDeprecated",
            "UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
            "LegacyKeyValueFormat", "RedundantTargetPlatform", "SecretsUsedInArgOrEnv", "InvalidDefaultArgInFrom",
            "FromPlatformFlagConstDisallowed", "CopyIgnoredFile", "InvalidDefinitionDescription",
            "ExposeInvalidFormat", "ExposeProtoCasing",
        ] {
            #expect(RuleRegistry.buildkitMapping[check]?.isEmpty == false, "\(check)")
        }
        #expect(RuleRegistry.buildkitMapping["UndefinedVar"] == ["SS0129"])
    }
}
