import Findings

/// `apt-get update` in a RUN of its own, with the install in a later RUN: the cached update layer makes the
/// install use stale package lists.
struct AptGetUpdateAlone: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0021", "apt-get-update-alone", .buildCache, .warning,
        summary: "`apt-get update` runs in its own RUN, separate from the `apt-get install` that needs it.",
        why: """
            The build cache keeps the `apt-get update` layer for as long as the instruction text is unchanged, \
            so a later change to the install line runs against months-old package lists (404s, old \
            versions). Update and install in the same RUN so they are cached, and invalidated, together.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update
            RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """,
        fix: "when the next instruction is the RUN that installs, the two are joined with `&&`.")

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            let runs = stage.instructions.enumerated().filter { $0.element.keyword == "RUN" }
            for (position, run) in runs {
                let apt = run.commands.filter { ["apt-get", "apt"].contains($0.name) }
                guard apt.contains(where: { $0.subcommand == "update" }),
                    !run.commands.contains(where: { $0.installManager == .apt })
                else { continue }
                let laterInstall = stage.instructions[(position + 1)...].first { instruction in
                    instruction.keyword == "RUN" && instruction.commands.contains { $0.installManager == .apt }
                }
                guard let laterInstall else { continue }
                findings.append(
                    context.finding(
                        Self.descriptor, run.range,
                        "`apt-get update` is cached apart from the install on line \(laterInstall.range.line)",
                        hint: "run `apt-get update && apt-get install …` in one RUN",
                        fix: joinFix(run, stage.instructions[position + 1], context)))
            }
        }
        return findings
    }

    /// Joins `update` with the next instruction when it is a plain shell-form RUN that installs.
    private func joinFix(_ update: Instruction, _ next: Instruction, _ context: LintContext) -> Fix? {
        guard next.keyword == "RUN", next.isShellForm, next.heredocs.isEmpty, update.heredocs.isEmpty,
            update.isShellForm, update.flags.isEmpty, next.flags.isEmpty,
            next.commands.first?.installManager == .apt,
            update.commands.allSatisfy({ ["apt-get", "apt"].contains($0.name) }),
            let nextArguments = next.argumentsOffset
        else { return nil }
        // Only blank space between the two: a comment (a suppression, say) must not be lost.
        let between = context.source.text(from: update.endOffset, to: next.startOffset)
        guard between.allSatisfy(\.isWhitespace) else { return nil }
        let escape = context.dockerfile.directives["escape"] ?? "\\"
        var end = update.endOffset
        while end > 0,
            context.source.bytes[end - 1] == UInt8(ascii: " ") || context.source.bytes[end - 1] == UInt8(ascii: "\t")
        {
            end -= 1
        }
        return Fix(
            description: "join `apt-get update` with the install on line \(next.range.line)",
            edits: [
                TextEdit(
                    start: end, end: nextArguments,
                    replacement: " \(escape)\(context.source.lineEnding(after: update.endOffset))    && ")
            ])
    }
}
