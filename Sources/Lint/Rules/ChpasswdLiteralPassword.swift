import Findings

/// A password written in the Dockerfile is set with chpasswd or `passwd --stdin` (`echo 'root:pw' | chpasswd`).
struct ChpasswdLiteralPassword: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0114", "chpasswd-literal-password", .secrets, .warning,
        summary: "An account's password is written in the Dockerfile (`echo 'root:pw' | chpasswd`).",
        why: """
            The password is in the repository, in the image's history (`docker history` shows every RUN \
            command line) and in the build cache, and every container of the image has the same one: anyone \
            who can pull the image can log in where the account is reachable (sshd, a console). Seen: `echo` \
            or `printf` of `user:password` piped into `chpasswd` (not `chpasswd -e`, which takes a hash), and \
            of a password piped into `passwd --stdin`. A value with a variable (`$PASSWORD`) is not a literal \
            here (an ARG or ENV holding it is SS0111's or SS0110's case). Prefer key-based login, or set the \
            password at run time from a secret.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN useradd -m app && echo 'app:s3cret-pass' | chpasswd
            """,
        good: """
            FROM debian:bookworm-slim
            RUN useradd -m app && passwd -l app
            """)

    /// The literal `user:password` pairs (or, for `passwd --stdin`, passwords) an echo or printf writes.
    static func literals(_ command: ShellCommand, pairs: Bool) -> [String] {
        guard command.name == "echo" || command.name == "printf" else { return [] }
        var values = command.arguments.filter { !$0.hasPrefix("-") }
        if command.name == "printf", values.count > 1, values[0].contains("%") { values.removeFirst() }
        var found: [String] = []
        for value in values {
            for line in value.replacingEscapedNewlines().split(whereSeparator: \.isNewline) {
                let text = line.trimmingWhitespace()
                guard !text.isEmpty, !text.contains("$"), !text.contains("`"), !text.contains("%") else { continue }
                if pairs {
                    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1] != "*", parts[1] != "!",
                        !parts[0].contains(" ")
                    else { continue }
                } else if text.contains(" ") {
                    continue
                }
                found.append(text)
            }
        }
        return found
    }

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for instruction in context.allRuns {
            let commands = instruction.commands
            for (index, command) in commands.enumerated() where command.pipesIntoNext && index + 1 < commands.count {
                let next = commands[index + 1]
                let pairs: Bool
                if next.name == "chpasswd", !next.has("-e", "--encrypted") {
                    pairs = true
                } else if next.name == "passwd", next.has("--stdin") {
                    pairs = false
                } else {
                    continue
                }
                guard !Self.literals(command, pairs: pairs).isEmpty else { continue }
                findings.append(
                    context.finding(
                        Self.descriptor, command.range,
                        "a password written in the Dockerfile is set with `\(next.name)`",
                        hint: "lock the password (`passwd -l`) and use keys, or set it at run time from a secret"))
            }
        }
        return findings
    }
}

extension String {
    /// `\n` written as two characters (as `echo -e` and printf read it) made a newline.
    fileprivate func replacingEscapedNewlines() -> String {
        var result = ""
        var previousBackslash = false
        for character in self {
            if previousBackslash {
                previousBackslash = false
                if character == "n" {
                    result.append("\n")
                    continue
                }
                result.append("\\")
            }
            if character == "\\" {
                previousBackslash = true
                continue
            }
            result.append(character)
        }
        if previousBackslash { result.append("\\") }
        return result
    }
}
