import Findings

/// The Dockerfile as the rules see it: stages of instructions with their flags, arguments, heredocs and the
/// shell commands their bodies run. Built from the parser's syntax tree by `DockerfileModel+Syntax.swift`, so
/// rules do not depend on the parser's representation.
public struct DockerfileModel: Sendable {
    /// Every instruction in source order, including the global ones before the first FROM.
    public var instructions: [Instruction]
    /// The build stages, in order; the last one is what the image ships.
    public var stages: [Stage]
    /// Syntax errors reported by the parser (BuildKit rejects the file).
    public var syntaxErrors: [SyntaxProblem]
    /// Parser directives at the top (`syntax`, `escape`, `check`), lower-cased names.
    public var directives: [String: String]
    /// What BuildKit's parser accepts but warns about (`kind` "empty-continuation").
    public var parserWarnings: [SyntaxProblem] = []
    /// Each stage's base as a build without `--build-arg` expands it (ARG defaults only, an ARG without a
    /// default empty), by stage index; nil where a platform variable keeps it unknown.
    public var basesWithDefaultsOnly: [String?] = []

    public init(
        instructions: [Instruction], stages: [Stage], syntaxErrors: [SyntaxProblem] = [],
        directives: [String: String] = [:]
    ) {
        self.instructions = instructions
        self.stages = stages
        self.syntaxErrors = syntaxErrors
        self.directives = directives
    }

    /// The stage the image is built from: the last one.
    public var finalStage: Stage? { stages.last }

    /// The instructions before the first FROM (global ARGs, or mistakes).
    public var globalInstructions: [Instruction] { instructions.filter { $0.stageIndex == nil } }
}

/// A syntax error: BuildKit would reject the file here.
public struct SyntaxProblem: Sendable, Hashable {
    public var message: String
    public var range: SourceRange
    /// The parser's stable kind (`unknown-instruction`, `unterminated-heredoc`, …).
    public var kind: String

    public init(message: String, range: SourceRange, kind: String = "syntax") {
        self.message = message
        self.range = range
        self.kind = kind
    }
}

/// One `FROM` and the instructions up to the next one.
public struct Stage: Sendable {
    /// 0-based position of the stage in the file (what `COPY --from=0` names).
    public var index: Int
    /// The `AS` name as written, if any.
    public var name: String?
    /// The FROM instruction.
    public var from: Instruction
    /// The base image as written, variables expanded where their value is known.
    public var base: String
    /// Whether `base` still holds a variable whose value is unknown.
    public var baseIsSymbolic: Bool
    /// The index of the earlier stage `base` names (`FROM builder`), if it names one.
    public var baseStage: Int?
    /// The instructions after FROM, in order.
    public var instructions: [Instruction]

    public init(
        index: Int, name: String?, from: Instruction, base: String, baseIsSymbolic: Bool, baseStage: Int?,
        instructions: [Instruction]
    ) {
        self.index = index
        self.name = name
        self.from = from
        self.base = base
        self.baseIsSymbolic = baseIsSymbolic
        self.baseStage = baseStage
        self.instructions = instructions
    }

    /// The instructions with `keyword` (upper-case), in order.
    public func instructions(_ keyword: String) -> [Instruction] {
        instructions.filter { $0.keyword == keyword }
    }
}

/// A `--name=value` flag of an instruction (`--from`, `--mount`, `--chown`, …).
public struct InstructionOption: Sendable, Hashable {
    public var name: String
    /// The value, `nil` for a bare `--link`.
    public var value: String?

    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

/// A `key=value` pair of ENV, ARG or LABEL (ARG without a default has a `nil` value).
public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String?
    /// Where the pair is written.
    public var range: SourceRange

    public init(key: String, value: String?, range: SourceRange) {
        self.key = key
        self.value = value
        self.range = range
    }
}

/// A heredoc attached to RUN, COPY or ADD.
public struct Heredoc: Sendable, Hashable {
    public var delimiter: String
    public var body: String
    /// The line of the heredoc's first body line.
    public var firstLine: Int

    public init(delimiter: String, body: String, firstLine: Int) {
        self.delimiter = delimiter
        self.body = body
        self.firstLine = firstLine
    }
}

/// One instruction, with everything rules ask about it.
public struct Instruction: Sendable {
    /// The keyword in upper case (`RUN`).
    public var keyword: String
    /// The keyword as written (`run`, `Run`).
    public var keywordText: String
    /// From the keyword to the end of the instruction (the last line of its last heredoc, if any).
    public var range: SourceRange
    /// The index of the stage it belongs to; `nil` before the first FROM.
    public var stageIndex: Int?
    public var flags: [InstructionOption]
    /// The arguments after the flags, continuation lines joined, as written.
    public var text: String
    /// Exec (JSON) form arguments for RUN/CMD/ENTRYPOINT/SHELL/COPY/ADD/VOLUME/HEALTHCHECK written as JSON.
    public var execForm: [String]?
    /// The arguments split on whitespace, quotes removed, variables expanded where known (COPY sources and
    /// destination, EXPOSE ports, FROM image, USER, WORKDIR, STOPSIGNAL, …).
    public var words: [String]
    /// ENV/ARG/LABEL pairs.
    public var pairs: [KeyValue]
    public var heredocs: [Heredoc]
    /// The commands a RUN, or a shell-form CMD/ENTRYPOINT, runs; heredoc bodies run by a shell included.
    public var commands: [ShellCommand]
    /// For ONBUILD: the instruction it wraps.
    public var onbuildKeyword: String?
    /// For ONBUILD: the trigger as an instruction of its own (`RUN …` of `ONBUILD RUN …`), its positions inside
    /// the ONBUILD line. It runs when a child image builds `FROM` this one, so it is not part of this stage.
    public var trigger: Instruction? {
        get { triggerStorage.first }
        set { triggerStorage = newValue.map { [$0] } ?? [] }
    }
    /// Storage for `trigger` (an array gives the recursive value an indirection).
    var triggerStorage: [Instruction] = []
    /// Whether this instruction is an ONBUILD trigger (`trigger` of an ONBUILD), not an instruction of the stage.
    public var isTrigger = false
    /// UTF-8 byte offsets: the keyword's start, the end of the instruction's own lines (heredoc bodies not
    /// included), and the start of the arguments after keyword and flags (for fixes).
    public var startOffset: Int = 0
    public var endOffset: Int = 0
    public var argumentsOffset: Int?
    /// The last line of the instruction's own lines (before any heredoc body).
    public var lastLine: Int = 0

    public init(
        keyword: String, keywordText: String? = nil, range: SourceRange, stageIndex: Int?,
        flags: [InstructionOption] = [],
        text: String, execForm: [String]? = nil, words: [String] = [], pairs: [KeyValue] = [],
        heredocs: [Heredoc] = [], commands: [ShellCommand] = [], onbuildKeyword: String? = nil
    ) {
        self.keyword = keyword
        self.keywordText = keywordText ?? keyword
        self.range = range
        self.stageIndex = stageIndex
        self.flags = flags
        self.text = text
        self.execForm = execForm
        self.words = words
        self.pairs = pairs
        self.heredocs = heredocs
        self.commands = commands
        self.onbuildKeyword = onbuildKeyword
    }

    /// The value of the last `--name` flag, if present (`nil` also for a bare flag: use `hasFlag`).
    public func flag(_ name: String) -> String? {
        flags.last { $0.name == name }?.value
    }

    public func hasFlag(_ name: String) -> Bool {
        flags.contains { $0.name == name }
    }

    /// Whether the instruction is in shell form (not JSON).
    public var isShellForm: Bool { execForm == nil }

    /// The `--mount` flags, parsed into their `key=value` options (`type`, `target`, `id`, …).
    public var mounts: [[String: String]] {
        flags.filter { $0.name == "mount" }.map { flag in
            var options: [String: String] = [:]
            for part in (flag.value ?? "").split(separator: ",") {
                let pieces = part.split(separator: "=", maxSplits: 1)
                let key = pieces.first.map { String($0).lowercased() } ?? ""
                options[key] = pieces.count > 1 ? String(pieces[1]) : "true"
            }
            if options["type"] == nil { options["type"] = "bind" }
            if let target = options["dst"] ?? options["destination"] { options["target"] = target }
            return options
        }
    }

    /// What the instruction reads from another stage or an image, as written: `COPY`/`ADD --from=` and each
    /// `RUN --mount=from=`.
    public var fromReferences: [String] {
        if keyword == "COPY" || keyword == "ADD" { return flag("from").map { [$0] } ?? [] }
        if keyword == "RUN" { return mounts.compactMap { $0["from"] } }
        return []
    }

    /// Whether a `--mount=type=cache` (or a `type=tmpfs`, which keeps nothing either) covers `path` (the target is
    /// `path` or a parent of it): what is written there does not enter the layer.
    public func hasCacheMount(covering path: String) -> Bool {
        mounts.contains { mount in
            guard mount["type"] == "cache" || mount["type"] == "tmpfs", let target = mount["target"] else {
                return false
            }
            let trimmed = target.hasSuffix("/") ? String(target.dropLast()) : target
            return path == trimmed || path.hasPrefix(trimmed + "/") || trimmed.isEmpty
        }
    }

    /// The first line of the instruction, from the keyword to the end of the line, for findings about the
    /// instruction as a whole (a multi-line RUN is reported on its first line).
    public var headRange: SourceRange {
        SourceRange(
            line: range.line, column: range.column, endLine: range.line, endColumn: range.column + keywordText.count)
    }
}
