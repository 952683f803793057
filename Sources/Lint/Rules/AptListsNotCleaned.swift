import Findings

/// `apt-get install` without removing /var/lib/apt/lists in the same RUN.
struct AptListsNotCleaned: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0071", "apt-lists-not-cleaned", .layerWaste, .info,
        summary: "`apt-get install` leaves the package lists (/var/lib/apt/lists) in the layer.",
        why: """
            `apt-get update` downloads tens of megabytes of package lists; unless the same RUN removes them \
            they ship in the layer, and removing them later does not help. Removing them after the install in the \
            same RUN (`rm -rf /var/lib/apt/lists/*`, `find /var/lib/apt/lists -delete`, apt 2.7's `apt-get \
            dist-clean`) is seen; removing them before the install is not enough. Not reported when a \
            `--mount=type=cache` covers /var/lib/apt (the lists then never enter the layer), nor for a dry run \
            (`apt-get install -s`), nor in a stage that is neither shipped nor the base of another stage (its layers \
            stay in the builder; only the files copied out of it reach the image).
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl \\
                && rm -rf /var/lib/apt/lists/*
            """,
        fix: "`&& rm -rf /var/lib/apt/lists/*` is appended to the RUN.")
    static let hadolintCodes = ["DL3009"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        // `ONBUILD RUN` triggers too: each is a RUN of the child image's build.
        // A stage that is neither shipped nor built upon leaves its layers behind (only files copied out of it
        // reach the image), as hadolint's DL3009 judges it.
        let based = Set(context.stages.compactMap(\.baseStage))
        for instruction in context.allRuns {
            if !instruction.isTrigger, let index = instruction.stageIndex, index < context.stages.count,
                !context.ships(context.stages[index]), !based.contains(index)
            {
                continue
            }
            let effects = context.effects(of: instruction)
            guard let (index, install) = effects.installs.first(where: { $0.install.manager == .apt }) else {
                continue
            }
            if instruction.hasCacheMount(covering: "/var/lib/apt/lists")
                || instruction.hasCacheMount(covering: "/var/lib/apt")
            {
                continue
            }
            if effects.cleans(.aptLists, after: index) { continue }
            findings.append(
                context.finding(
                    Self.descriptor, install.command.range, "the apt package lists stay in this layer",
                    hint: "end the RUN with `&& rm -rf /var/lib/apt/lists/*`", fix: fix(instruction, context)))
        }
        return findings
    }

    private func fix(_ instruction: Instruction, _ context: LintContext) -> Fix? {
        guard instruction.isShellForm, instruction.heredocs.isEmpty, instruction.endOffset > 0 else { return nil }
        // The text must not end in a way `&&` cannot follow (a comment, an open quote, `&`, `;`).
        let trimmed = instruction.text.trimmingBlanks()
        guard let last = trimmed.last, !"&;|\\`".contains(last) else { return nil }
        let lastLineText = context.source.line(instruction.lastLine)
        if lastLineText.contains("#") { return nil }
        let escape = context.dockerfile.directives["escape"] ?? "\\"
        var end = instruction.endOffset
        while end > 0,
            context.source.bytes[end - 1] == UInt8(ascii: " ") || context.source.bytes[end - 1] == UInt8(ascii: "\t")
        {
            end -= 1
        }
        return Fix(
            description: "remove the apt lists in the same RUN",
            edits: [
                TextEdit(
                    start: end, end: end,
                    replacement:
                        " \(escape)\(context.source.lineEnding(after: instruction.endOffset))    && rm -rf /var/lib/apt/lists/*"
                )
            ])
    }
}
