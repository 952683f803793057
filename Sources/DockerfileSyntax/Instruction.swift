/// An instruction keyword. Keywords are matched case-insensitively, as BuildKit does.
public enum Keyword: Sendable, Hashable, CustomStringConvertible {
    case add, arg, cmd, copy, entrypoint, env, expose, from, healthcheck, label, maintainer, onbuild, run, shell
    case stopsignal, user, volume, workdir
    /// Anything else, as written (BuildKit rejects it: "unknown instruction").
    case unknown(String)

    /// The keyword for `text`, in any case.
    public init(_ text: String) {
        switch text.lowercased() {
        case "add": self = .add
        case "arg": self = .arg
        case "cmd": self = .cmd
        case "copy": self = .copy
        case "entrypoint": self = .entrypoint
        case "env": self = .env
        case "expose": self = .expose
        case "from": self = .from
        case "healthcheck": self = .healthcheck
        case "label": self = .label
        case "maintainer": self = .maintainer
        case "onbuild": self = .onbuild
        case "run": self = .run
        case "shell": self = .shell
        case "stopsignal": self = .stopsignal
        case "user": self = .user
        case "volume": self = .volume
        case "workdir": self = .workdir
        default: self = .unknown(text)
        }
    }

    /// The canonical upper-case spelling (`RUN`), or the text as written for unknown keywords.
    public var description: String {
        switch self {
        case .add: "ADD"
        case .arg: "ARG"
        case .cmd: "CMD"
        case .copy: "COPY"
        case .entrypoint: "ENTRYPOINT"
        case .env: "ENV"
        case .expose: "EXPOSE"
        case .from: "FROM"
        case .healthcheck: "HEALTHCHECK"
        case .label: "LABEL"
        case .maintainer: "MAINTAINER"
        case .onbuild: "ONBUILD"
        case .run: "RUN"
        case .shell: "SHELL"
        case .stopsignal: "STOPSIGNAL"
        case .user: "USER"
        case .volume: "VOLUME"
        case .workdir: "WORKDIR"
        case .unknown(let text): text
        }
    }

    /// Whether BuildKit knows this keyword.
    public var isKnown: Bool {
        if case .unknown = self { return false }
        return true
    }
}

/// A word of an instruction: its text and where it is.
public struct Word: Sendable, Hashable, CustomStringConvertible {
    /// The text. For exec-form (JSON) arguments this is the decoded JSON string; otherwise the text exactly as
    /// written, quotes and escapes kept (use ``Stage/expand(_:before:)`` for the value BuildKit uses).
    public var text: String
    /// Where it is in the file (for exec-form arguments: the JSON string literal including its quotes).
    public var span: SourceSpan

    public init(text: String, span: SourceSpan) {
        self.text = text
        self.span = span
    }

    public var description: String { text }
}

/// A `--name=value` flag before an instruction's arguments (`RUN --mount=…`, `COPY --from=…`, `FROM --platform=…`).
public struct InstructionFlag: Sendable, Hashable {
    /// The name without the leading dashes (`mount`).
    public var name: String
    /// The value after `=`, unquoted as BuildKit does; nil for a bare boolean flag such as `--link`.
    public var value: String?
    /// The whole flag as written, from `--` to its end.
    public var span: SourceSpan
    /// The value part as written (after `=`); nil without a value.
    public var valueSpan: SourceSpan?

    /// The boolean value of a flag such as `--link` or `--link=false` (nil when the text is not a boolean).
    public var boolValue: Bool? {
        guard let value else { return true }
        switch value.lowercased() {
        case "true", "1", "t": return true
        case "false", "0", "f": return false
        default: return nil
        }
    }
}

/// An instruction's arguments: exec form (a JSON array of strings), shell form (text), or none.
public enum InstructionArguments: Sendable, Hashable {
    /// No arguments.
    case none
    /// A JSON array of strings, each with its decoded value and the span of its literal; `span` covers `[…]`.
    case exec([Word], span: SourceSpan)
    /// Shell form (or plain text): the text after keyword and flags, continuations joined, and where it starts
    /// and ends (a span over several lines when continued).
    case shell(String, span: SourceSpan)

    /// Whether this is the exec (JSON) form.
    public var isExecForm: Bool {
        if case .exec = self { return true }
        return false
    }

    /// The exec-form values, or nil.
    public var execValues: [String]? {
        if case .exec(let words, _) = self { return words.map(\.text) }
        return nil
    }

    /// The shell-form text, or nil.
    public var shellText: String? {
        if case .shell(let text, _) = self { return text }
        return nil
    }

    /// The span of the arguments, or nil for none.
    public var span: SourceSpan? {
        switch self {
        case .none: nil
        case .exec(_, let span), .shell(_, let span): span
        }
    }
}

/// A here-document (`<<EOF … EOF`) attached to a RUN, COPY or ADD instruction.
public struct Heredoc: Sendable, Hashable {
    /// The terminator word, unquoted (`EOF`).
    public var delimiter: String
    /// The body exactly as written, newlines included, the terminator line excluded. With `<<-` the body is
    /// kept as written too; ``content`` gives it with leading tabs stripped.
    public var body: String
    /// Whether the delimiter was quoted (`<<"EOF"`, `<<'EOF'`): the body is then not expanded.
    public var isQuoted: Bool
    /// Whether it was `<<-`: leading tabs are stripped from body lines and from the terminator.
    public var stripsTabs: Bool
    /// The file descriptor before `<<` (`3<<EOF`), if any.
    public var fileDescriptor: Int?
    /// The `<<EOF` word in the instruction line.
    public var markerSpan: SourceSpan
    /// The body (empty span at the body start when the body is empty).
    public var bodySpan: SourceSpan
    /// The terminator line (nil when the heredoc is unterminated).
    public var terminatorSpan: SourceSpan?

    /// The body as the build uses it: with `<<-`, leading tabs of every line removed.
    public var content: String {
        guard stripsTabs else { return body }
        var result = ""
        result.reserveCapacity(body.utf8.count)
        var atLineStart = true
        for scalar in body.unicodeScalars {
            if atLineStart && scalar == "\t" { continue }
            atLineStart = scalar == "\n"
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

/// One Dockerfile instruction, continuations joined, with its flags, arguments, heredocs and the shell commands it
/// runs.
public struct Instruction: Sendable {
    /// The keyword.
    public var keyword: Keyword
    /// The keyword as written (`run`, `Run`, …).
    public var keywordText: String
    /// Where the keyword is.
    public var keywordSpan: SourceSpan
    /// The whole instruction: from the keyword to the end of its last line, continuation lines and heredoc bodies
    /// (with their terminators) included; the line ending is not included.
    public var span: SourceSpan
    /// The instruction lines without heredoc bodies.
    public var lineSpan: SourceSpan
    /// The logical line as BuildKit sees it: continuation characters and line breaks removed, comment lines inside
    /// dropped, leading whitespace of the first line removed.
    public var text: String
    /// Flags in order (`--mount=…`, `--from=…`).
    public var flags: [InstructionFlag]
    /// The arguments after keyword and flags (for ONBUILD: the trigger's text as shell form; for HEALTHCHECK:
    /// the command after `CMD`).
    public var arguments: InstructionArguments
    /// The arguments split into words the way BuildKit splits them for this keyword (whitespace-delimited or
    /// quote-aware; exec-form values for JSON).
    public var words: [Word]
    /// Here-documents, in the order of their markers.
    public var heredocs: [Heredoc]
    /// The position of this instruction in ``Dockerfile/instructions``.
    public var index: Int
    /// The stage it belongs to (nil before the first FROM). FROM belongs to the stage it starts.
    public var stageIndex: Int?
    /// The shell commands the instruction runs: RUN (shell form, heredoc scripts, exec form), and CMD,
    /// ENTRYPOINT and HEALTHCHECK CMD (what they would start). Empty for other instructions.
    public var commands: [ShellCommand]
    /// Storage for the ONBUILD trigger (an array to give the recursive value an indirection).
    var onbuildStorage: [Instruction]
    /// Where the arguments are in the logical line (for the shell analysis).
    var argumentRange: Range<Int> = 0..<0

    /// The instruction an ONBUILD wraps.
    public var onbuild: Instruction? { onbuildStorage.first }

    /// The flag named `name` (last one wins, as in BuildKit), or nil.
    public func flag(_ name: String) -> InstructionFlag? {
        flags.last { $0.name == name }
    }

    /// Every flag named `name` (for repeatable flags such as `--mount` and `--exclude`).
    public func flags(named name: String) -> [InstructionFlag] {
        flags.filter { $0.name == name }
    }

    /// Whether the arguments are in exec (JSON) form.
    public var isExecForm: Bool { arguments.isExecForm }
}
