import DockerfileSyntax
import Findings

/// One simple command of a shell script: `apt-get install -y curl` in `apt-get update && apt-get install -y curl`.
public struct ShellCommand: Sendable, Hashable {
    /// The words with quotes removed; variables are left as written (`$HOME`), so rules can tell unknown values.
    public let words: [String]
    /// `NAME=value` assignments before the command name.
    public var assignments: [String]
    /// Whether the command is put in the background (`cmd &`).
    public var isBackground: Bool
    /// Whether the command's output is piped into the next command (`curl … | sh`).
    public var pipesIntoNext: Bool
    /// 1-based line and column of the command's first word in the Dockerfile.
    public var line: Int
    public var column: Int
    /// 1-based line and column just after the command's last word.
    public var endLine: Int
    public var endColumn: Int
    /// The file its standard output is redirected to (`> file`, `>> file`, `1> file`), the last such, if any.
    public var outputFile: String?
    /// Whether the command runs inside a command substitution (`$(curl …)`, backticks) or a process
    /// substitution, so its output becomes a word of another command rather than a stream.
    public var isSubstitution = false

    public init(
        words: [String], assignments: [String] = [], isBackground: Bool = false, pipesIntoNext: Bool = false,
        line: Int = 1, column: Int = 1, endLine: Int = 1, endColumn: Int = 1
    ) {
        self.words = words
        self.assignments = assignments
        self.isBackground = isBackground
        self.pipesIntoNext = pipesIntoNext
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
        self.effectiveWords = ShellCommand.unwrap(words)
        self.arguments = Array(effectiveWords.dropFirst())
        let first = effectiveWords.first ?? ""
        self.name = first.split(separator: "/").last.map(String.init) ?? first
    }

    /// The program's base name (`/usr/bin/apt-get` → `apt-get`), after `sudo`/`env`/`exec`/`command`/`nohup`
    /// wrappers.
    public let name: String

    /// The words after wrappers like `sudo`, `exec`, `env`, `nohup`, `time`, `command`.
    public let effectiveWords: [String]

    private static func unwrap(_ words: [String]) -> [String] {
        var rest = words[...]
        while let first = rest.first {
            let base = first.split(separator: "/").last.map(String.init) ?? first
            if ["sudo", "exec", "nohup", "time", "command", "builtin", "nice", "stdbuf"].contains(base) {
                rest = rest.dropFirst()
                while let next = rest.first, next.hasPrefix("-") { rest = rest.dropFirst() }
            } else if base == "env" {
                rest = rest.dropFirst()
                while let next = rest.first, next.hasPrefix("-") || next.contains("=") { rest = rest.dropFirst() }
            } else {
                break
            }
        }
        return Array(rest)
    }

    /// The words after the program name.
    public let arguments: [String]

    /// The first argument that is not an option (`install` in `apt-get -y install x`).
    public var subcommand: String? { arguments.first { !$0.hasPrefix("-") } }

    /// The non-option arguments after the subcommand (package names for installs).
    public var operands: [String] {
        var result: [String] = []
        var seenSubcommand = false
        for word in arguments {
            if word.hasPrefix("-") { continue }
            if !seenSubcommand {
                seenSubcommand = true
                continue
            }
            result.append(word)
        }
        return result
    }

    /// Whether any argument is `option` exactly, or a combined short option containing it (`-fsSL` has `-s`).
    public func has(_ options: String...) -> Bool {
        for word in arguments {
            for option in options {
                if word == option || word.hasPrefix(option + "=") { return true }
                if option.count == 2, option.hasPrefix("-"), word.hasPrefix("-"), !word.hasPrefix("--"),
                    let letter = option.last, word.dropFirst().contains(letter)
                {
                    return true
                }
            }
        }
        return false
    }

    /// The source range of the command.
    public var range: SourceRange {
        SourceRange(line: line, column: column, endLine: endLine, endColumn: endColumn)
    }
}

extension ShellCommand {
    /// The rules' view of a command of the parser's shell analysis; `nil` for one with neither a name nor an
    /// assignment (a bare redirection).
    init?(_ command: DockerfileSyntax.ShellCommand) {
        guard !command.name.isEmpty || !command.assignments.isEmpty else { return nil }
        self.init(
            words: command.name.isEmpty ? [] : [command.name] + command.arguments,
            assignments: command.assignments.map { "\($0.name)=\($0.value)" },
            isBackground: command.isBackgrounded, pipesIntoNext: command.terminator == .pipe,
            line: command.span.start.line, column: command.span.start.column, endLine: command.span.end.line,
            endColumn: command.span.end.column)
        outputFile =
            command.redirections.last {
                [">", ">>", ">|", "&>", "&>>"].contains($0.op) && ($0.fileDescriptor ?? 1) == 1
            }?.target
        isSubstitution = command.origin == .commandSubstitution
    }

    /// The top-level commands of shell text outside an instruction (an `sh -c` string, a wrapper script), by the
    /// parser's shell analysis; positions count from the script's first byte.
    static func commands(ofScript script: String) -> [ShellCommand] {
        ShellScript.commands(script).compactMap(ShellCommand.init)
    }
}
