import Findings

/// Read-only access to the files next to the Dockerfile (the build context), for rules that look at
/// `.dockerignore` or wrapper scripts. `nil` when linting stdin.
public protocol BuildContextProbe: Sendable {
    func fileExists(_ relativePath: String) -> Bool
    /// The file's text, or `nil` if it is absent, unreadable or larger than a rule should read.
    func readFile(_ relativePath: String) -> String?
}

/// Everything a rule sees of one Dockerfile.
public struct LintContext: Sendable {
    /// The path to print in findings.
    public var path: String
    public var source: SourceText
    public let dockerfile: DockerfileModel
    public var configuration: Configuration
    /// The build context (the Dockerfile's directory), when the Dockerfile is a file on disk.
    public var buildContext: (any BuildContextProbe)?

    public init(
        path: String, source: SourceText, dockerfile: DockerfileModel, configuration: Configuration = Configuration(),
        buildContext: (any BuildContextProbe)? = nil
    ) {
        self.path = path
        self.source = source
        self.dockerfile = dockerfile
        self.configuration = configuration
        self.buildContext = buildContext
        self.shippedStages = LintContext.shipped(dockerfile.stages)
        let shipped = shippedStages.flatMap(\.instructions)
        self.shippedInstructions = shipped
        self.finalEntrypoint = shipped.last { $0.keyword == "ENTRYPOINT" }
        self.finalCmd = shipped.last { $0.keyword == "CMD" }
        let derived = dockerfile.stages.map(StageCommands.init)
        self.stageCommands = derived
        let triggers = dockerfile.stages.flatMap { stage in
            stage.instructions.compactMap { $0.trigger }.filter { $0.keyword == "RUN" }
        }
        self.triggerRuns = triggers
        self.allRunCommands =
            derived.flatMap(\.runCommands) + triggers.flatMap { trigger in trigger.commands.map { (trigger, $0) } }
        self.allRuns = dockerfile.stages.flatMap { $0.instructions("RUN") } + triggers
    }

    public var stages: [Stage] { dockerfile.stages }
    public var finalStage: Stage? { dockerfile.stages.last }

    /// The stages whose filesystem ends up in the image: the final stage and the stages it is built `FROM`.
    public let shippedStages: [Stage]

    private static func shipped(_ stages: [Stage]) -> [Stage] {
        guard var stage = stages.last else { return [] }
        var chain = [stage]
        var seen: Set<Int> = [stage.index]
        while let base = stage.baseStage, base < stages.count, !seen.contains(base) {
            stage = stages[base]
            seen.insert(base)
            chain.append(stage)
        }
        return chain.reversed()
    }

    /// `stage` and the stages it is built `FROM`, the farthest ancestor first: the stages whose ENV, ARG, USER and
    /// SHELL a stage inherits (and no other stage's).
    public func chain(of stage: Stage) -> [Stage] {
        var chain = [stage]
        var seen: Set<Int> = [stage.index]
        var current = stage
        while let base = current.baseStage, base < stages.count, !seen.contains(base) {
            current = stages[base]
            seen.insert(base)
            chain.append(current)
        }
        return chain.reversed()
    }

    /// Whether `stage` is shipped (the final stage or one of its `FROM` ancestors).
    public func ships(_ stage: Stage) -> Bool {
        shippedStages.contains { $0.index == stage.index }
    }

    /// The stage named or numbered `reference` (`--from=builder`, `--from=0`), matched case-insensitively.
    public func stage(named reference: String, before limit: Int? = nil) -> Stage? {
        let candidates = limit.map { Array(stages.prefix($0)) } ?? stages
        if let number = Int(reference), number >= 0, number < candidates.count { return candidates[number] }
        return candidates.last { $0.name?.lowercased() == reference.lowercased() }
    }

    /// The instructions of the shipped stages (base chain first), with the instructions a stage inherits.
    public let shippedInstructions: [Instruction]

    /// Every RUN command of `stage`, with its instruction.
    public func runCommands(in stage: Stage) -> [(instruction: Instruction, command: ShellCommand)] {
        commands(of: stage).runCommands
    }

    /// Every RUN command in the file, the commands of `ONBUILD RUN` triggers included (with the trigger as their
    /// instruction): for rules about a command or a RUN on its own, which a trigger breaks as a RUN does when a
    /// child image builds. What a stage installs or leaves behind (`runCommands(in:)`) does not include them.
    public let allRunCommands: [(instruction: Instruction, command: ShellCommand)]

    /// Every RUN instruction in the file, stage by stage, then the `ONBUILD RUN` triggers (`Instruction.isTrigger`).
    public let allRuns: [Instruction]

    /// The `ONBUILD RUN` triggers of the file, as RUN instructions.
    public let triggerRuns: [Instruction]

    /// What the rules ask of each stage's RUN commands, computed once per file (index `i` is `stages[i]`).
    let stageCommands: [StageCommands]

    /// The precomputed commands of `stage`; computed afresh for a stage that is not one of this file's.
    func commands(of stage: Stage) -> StageCommands {
        if stage.index >= 0, stage.index < stageCommands.count, stages[stage.index].index == stage.index,
            stages[stage.index].from.startOffset == stage.from.startOffset,
            stages[stage.index].instructions.count == stage.instructions.count
        {
            return stageCommands[stage.index]
        }
        return StageCommands(stage)
    }

    /// What the RUN `instruction` leaves behind (the packages it installs and removes, the caches and paths it
    /// deletes).
    func effects(of instruction: Instruction) -> RunEffects {
        if let stage = instruction.stageIndex, stage >= 0, stage < stageCommands.count,
            let position = stageCommands[stage].effectsByOffset[instruction.startOffset],
            case let effects = stageCommands[stage].runEffects[position]
        {
            return effects
        }
        return RunEffects(instruction)
    }

    /// The effective CMD and ENTRYPOINT of the final stage (the last of each in its `FROM` chain).
    public let finalEntrypoint: Instruction?
    public let finalCmd: Instruction?

    /// A finding of `rule` at `range` in this file.
    public func finding(
        _ rule: RuleDescriptor, _ range: SourceRange, _ message: String, hint: String? = nil, fix: Fix? = nil
    ) -> Finding {
        Finding(rule, message: message, hint: hint, file: path, range: range, fix: fix)
    }
}

extension SourceRange {
    /// A one-character range, for findings that point at a position.
    public static func at(line: Int, column: Int) -> SourceRange {
        SourceRange(line: line, column: column, endLine: line, endColumn: column + 1)
    }
}

/// One stage's RUN commands, what each RUN leaves behind, and the package installs and removals among them,
/// shared by the rules.
struct StageCommands: Sendable {
    let runCommands: [(instruction: Instruction, command: ShellCommand)]
    /// What each RUN of the stage leaves behind, in order.
    let runEffects: [RunEffects]
    /// The position in `runEffects` of the RUN at each UTF-8 offset.
    let effectsByOffset: [Int: Int]
    let packageInstalls: [PackageInstall]
    /// Package names and apk virtual groups removed by the stage's RUN commands.
    let removedPackages: Set<String>

    init(_ stage: Stage) {
        let runs = stage.instructions.filter { $0.keyword == "RUN" }
        runCommands = runs.flatMap { instruction in instruction.commands.map { (instruction, $0) } }
        let effects = runs.map(RunEffects.init)
        runEffects = effects
        var positions: [Int: Int] = [:]
        for (position, effect) in effects.enumerated() { positions[effect.startOffset] = position }
        effectsByOffset = positions
        packageInstalls = effects.flatMap { $0.installs.map(\.install) }
        removedPackages = effects.reduce(into: []) { $0.formUnion($1.removedPackages) }
    }
}
