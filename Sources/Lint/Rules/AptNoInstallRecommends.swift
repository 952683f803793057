import Findings

/// `apt-get install` without `--no-install-recommends` pulls in packages nobody asked for.
struct AptNoInstallRecommends: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0041", "apt-no-install-recommends", .minimalContent, .info,
        summary: "`apt-get install` without `--no-install-recommends` installs recommended extras too.",
        why: """
            By default apt installs every "Recommends" of every package: documentation, extra tools, \
            sometimes whole X11 stacks. They make the image larger and add vulnerabilities for nothing. \
            `--no-install-recommends` installs what the packages need to work.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """,
        fix: "`--no-install-recommends` is added after `install`.")
    static let hadolintCodes = ["DL3015"]

    func check(_ context: LintContext) -> [Finding] {
        // Once for the file, not once a command (that was quadratic on large Dockerfiles, issue 18 row 5).
        if context.source.contains("APT::Install-Recommends") { return [] }
        return context.allRunCommands.compactMap { instruction, command in
            guard command.installManager == .apt, command.name == "apt-get" || command.name == "apt",
                !command.has("--no-install-recommends"),
                !command.arguments.contains(where: { $0.contains("Install-Recommends") })
            else { return nil }
            return context.finding(
                Self.descriptor, command.range, "`\(command.name) install` without `--no-install-recommends`",
                hint: "add `--no-install-recommends`", fix: fix(command, instruction, context))
        }
    }

    /// Inserts ` --no-install-recommends` right after the `install` word on the command's line.
    private func fix(_ command: ShellCommand, _ instruction: Instruction, _ context: LintContext) -> Fix? {
        guard instruction.isShellForm, command.line <= instruction.lastLine else { return nil }
        let lineText = context.source.line(command.line)
        let columnOffset = context.source.offset(line: command.line, column: command.column)
        let lineStart = context.source.lineStarts[command.line - 1]
        let tail = lineText.utf8.dropFirst(columnOffset - lineStart)
        let tailText = String(decoding: tail, as: UTF8.self)
        guard let range = tailText.range(of: " install") else { return nil }
        let insertion = columnOffset + tailText.utf8.distance(from: tailText.startIndex, to: range.upperBound)
        // The word must end right there (not `installer`).
        if insertion < context.source.bytes.count {
            let next = context.source.bytes[insertion]
            if next != UInt8(ascii: " ") && next != UInt8(ascii: "\t") && next != UInt8(ascii: "\n")
                && next != UInt8(ascii: "\r") && next != UInt8(ascii: "\\")
            {
                return nil
            }
        }
        return Fix(
            description: "add --no-install-recommends",
            edits: [TextEdit(start: insertion, end: insertion, replacement: " --no-install-recommends")])
    }
}
