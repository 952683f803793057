/// A word of a shell command: as written and unquoted.
public struct ShellWord: Sendable, Hashable, CustomStringConvertible {
    /// The word exactly as written (quotes and escapes kept).
    public var raw: String
    /// The word with quotes removed and backslash escapes resolved. Expansions (`$VAR`, `${…}`, `$(…)`, backticks)
    /// are kept as written, since they happen when the shell runs.
    public var value: String
    /// Where it is in the file (for words of an `sh -c '…'` string whose text cannot be mapped exactly: the span of
    /// the whole string).
    public var span: SourceSpan
    /// Whether the word contains an expansion, so its value is not known before it runs.
    public var hasExpansion: Bool

    public var description: String { value }
}

/// A variable assignment before a command (`DEBIAN_FRONTEND=noninteractive apt-get …`) or on its own (`X=1`).
public struct ShellAssignment: Sendable, Hashable {
    public var name: String
    /// The value, unquoted (expansions kept as written).
    public var value: String
    public var span: SourceSpan
}

/// A redirection (`> file`, `2>&1`, `<<EOF`).
public struct ShellRedirection: Sendable, Hashable {
    /// The operator (`>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `>|`, `<>`).
    public var op: String
    /// The file descriptor before the operator (`2` in `2>/dev/null`), if written.
    public var fileDescriptor: Int?
    /// The target word, unquoted (for `<<`: the heredoc delimiter).
    public var target: String
    public var span: SourceSpan
}

/// The operator between two commands.
public enum ShellOperator: String, Sendable, Hashable {
    /// Nothing: first command of a script, subshell or group.
    case none = ""
    case and = "&&"
    case or = "||"
    case semicolon = ";"
    case pipe = "|"
    /// `&`: the command before it runs in the background.
    case background = "&"
    case newline = "\n"
    /// `;;` in a case statement.
    case caseEnd = ";;"
}

/// Where a shell command's text comes from.
public enum ShellCommandOrigin: Sendable, Hashable {
    /// The instruction's own shell-form text (or exec-form array).
    case instruction
    /// The body of the heredoc at this index in ``Instruction/heredocs``, run as a script.
    case heredoc(Int)
    /// Inside `$(…)` or backticks.
    case commandSubstitution
    /// The string of `sh -c '…'` / `bash -c "…"`.
    case shellString
}

/// One simple command in a RUN (or CMD/ENTRYPOINT) body: name, arguments, assignments and redirections, and how it
/// is connected to its neighbours.
public struct ShellCommand: Sendable, Hashable {
    /// The command name, unquoted (`apt-get`, `/usr/bin/curl`); empty for a bare assignment or redirection.
    public var name: String
    /// The arguments after the name, unquoted, redirections excluded.
    public var arguments: [String]
    /// The name and the arguments as words with raw text and positions.
    public var words: [ShellWord]
    /// Assignments written before the name.
    public var assignments: [ShellAssignment]
    /// Redirections, in order.
    public var redirections: [ShellRedirection]
    /// The operator before this command (`.none` for the first of a list).
    public var connector: ShellOperator
    /// The operator after this command (`.none` for the last of a list).
    public var terminator: ShellOperator
    /// Nesting depth: 0 at the top, +1 per subshell `( )`, group `{ }`, command substitution, `sh -c` string or
    /// heredoc script.
    public var depth: Int
    /// Where the text comes from.
    public var origin: ShellCommandOrigin
    /// The index in ``Dockerfile/instructions`` of the instruction that runs it.
    public var instructionIndex: Int
    /// From the first word to the last.
    public var span: SourceSpan
    /// The delimiters of heredocs this command reads (`cat <<EOF`), matching ``Instruction/heredocs`` by delimiter.
    public var heredocDelimiters: [String]
    /// Whether the command runs as part of a condition (`if …; then`, `while …`, `cmd || true` has no effect here).
    public var isCondition: Bool

    /// Whether the command is followed by `&` (runs in the background).
    public var isBackgrounded: Bool { terminator == .background }

    /// The last path component of the name (`/usr/bin/apt-get` → `apt-get`).
    public var baseName: String {
        guard let slash = name.lastIndex(of: "/") else { return name }
        return String(name[name.index(after: slash)...])
    }

    /// Whether the command is `name`, by its name or its base name.
    public func isNamed(_ name: String) -> Bool {
        self.name == name || baseName == name
    }

    /// The first argument that is not a flag (`install` in `apt-get -y install curl`). Flags that take a separate
    /// value are not known here, so `apt-get -o X=Y install` gives `X=Y`; use ``operands(after:)`` with care.
    public var subcommand: String? {
        arguments.first { !$0.hasPrefix("-") }
    }

    /// Whether the arguments contain `flag`: a long flag (`--yes`, also as `--yes=…`) or a short one (`-y`, also
    /// inside a cluster such as `-qy`).
    public func hasFlag(_ flag: String) -> Bool {
        if flag.hasPrefix("--") {
            return arguments.contains { $0 == flag || $0.hasPrefix(flag + "=") }
        }
        guard flag.hasPrefix("-"), flag.count == 2, let letter = flag.last else {
            return arguments.contains(flag)
        }
        for argument in arguments {
            if argument == "--" { break }
            if argument == flag { return true }
            if argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2,
                argument.dropFirst().allSatisfy({ $0.isLetter }), argument.contains(letter)
            {
                return true
            }
        }
        return false
    }

    /// Whether any of `flags` is present (see ``hasFlag(_:)``).
    public func hasAnyFlag(_ flags: [String]) -> Bool {
        flags.contains { hasFlag($0) }
    }

    /// The value of `flag`: `--flag=value`, `--flag value`, `-fvalue` or `-f value`; nil when absent.
    public func flagValue(_ flag: String) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == flag {
                return index + 1 < arguments.count ? arguments[index + 1] : nil
            }
            if flag.hasPrefix("--"), argument.hasPrefix(flag + "=") {
                return String(argument.dropFirst(flag.count + 1))
            }
            if !flag.hasPrefix("--"), flag.count == 2, argument.hasPrefix(flag), argument.count > 2,
                !argument.hasPrefix("--")
            {
                return String(argument.dropFirst(2))
            }
            index += 1
        }
        return nil
    }

    /// The arguments that are not flags, after the first `count` of them (to skip a subcommand).
    public func operands(after count: Int = 0) -> [String] {
        Array(arguments.filter { !$0.hasPrefix("-") }.dropFirst(count))
    }
}
