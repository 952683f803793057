import Findings

/// An instruction looks like exec form (`[…]`) but is not valid JSON, so it silently runs as a shell command.
struct InvalidExecFormJson: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0124", "invalid-exec-form-json", .correctness, .error,
        summary: "`[…]` arguments that are not valid JSON run as a shell string, not in exec form.",
        why: """
            Exec form must be a JSON array of double-quoted strings. Anything else — single quotes, a trailing \
            comma, unescaped backslashes — makes Docker treat the whole text as shell form: \
            `/bin/sh -c "['node', 'app.js']"`, which fails at start-up.
            """,
        bad: """
            FROM node:22-slim
            CMD ['node', 'server.js']
            """,
        good: """
            FROM node:22-slim
            CMD ["node", "server.js"]
            """)

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.compactMap { instruction in
            guard ["CMD", "ENTRYPOINT", "RUN", "SHELL", "VOLUME", "COPY", "ADD"].contains(instruction.keyword),
                instruction.isShellForm, instruction.heredocs.isEmpty
            else { return nil }
            let text = instruction.text.trimmingBlanks()
            guard text.hasPrefix("["), text.hasSuffix("]"), text.count > 2 else { return nil }
            // `RUN [ -f x ] && …` is the shell's test command, not JSON.
            if text.hasPrefix("[ ") || text.hasPrefix("[[") { return nil }
            return context.finding(
                Self.descriptor, instruction.range,
                "\(instruction.keyword) arguments look like exec form but are not valid JSON, so they run as a shell string",
                hint: "use a JSON array of double-quoted strings")
        }
    }
}
