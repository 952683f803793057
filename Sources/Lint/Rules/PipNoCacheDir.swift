import Findings

/// `pip install` without `--no-cache-dir` leaves pip's download cache in the image.
struct PipNoCacheDir: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0043", "pip-no-cache-dir", .minimalContent, .info,
        summary: "`pip install` without `--no-cache-dir` keeps pip's wheel cache in the image.",
        why: """
            pip caches every downloaded wheel under ~/.cache/pip; in an image that cache is dead weight, often \
            tens of megabytes. Not reported with `PIP_NO_CACHE_DIR` set, or when a `--mount=type=cache` covers \
            the cache (the better choice: faster rebuilds, nothing in the layer).
            """,
        bad: """
            FROM python:3.13-slim
            RUN pip install flask
            """,
        good: """
            FROM python:3.13-slim
            RUN --mount=type=cache,target=/root/.cache/pip pip install flask
            """)
    static let hadolintCodes = ["DL3042"]

    func check(_ context: LintContext) -> [Finding] {
        // Only ENV and ARG of the RUN's own stage and the stages it is built FROM are in its environment. pip
        // disables the cache for any valid value of PIP_NO_CACHE_DIR, `0` and `false` included (pip's
        // `_handle_no_cache_dir`, kept for backward compatibility).
        var disabledAtEnd: Set<Int> = []
        var findings: [Finding] = []
        for stage in context.stages {
            var disabled = stage.baseStage.map { disabledAtEnd.contains($0) } ?? false
            var triggers: [Instruction] = []
            var triggerDisabled = false
            for instruction in stage.instructions {
                if instruction.keyword == "ENV" || instruction.keyword == "ARG", Self.disables(instruction) {
                    disabled = true
                }
                if let trigger = instruction.trigger {
                    if trigger.keyword == "RUN" { triggers.append(trigger) }
                    if trigger.keyword == "ENV" || trigger.keyword == "ARG", Self.disables(trigger) {
                        triggerDisabled = true
                    }
                }
                guard instruction.keyword == "RUN", !disabled else { continue }
                findings += Self.findings(instruction, context)
            }
            // A trigger runs in the child image, after everything of this stage: the stage's ENV holds there.
            if !disabled && !triggerDisabled {
                for trigger in triggers { findings += Self.findings(trigger, context) }
            }
            if disabled { disabledAtEnd.insert(stage.index) }
        }
        return findings
    }

    /// Whether an ENV or ARG sets `PIP_NO_CACHE_DIR` to a value.
    static func disables(_ instruction: Instruction) -> Bool {
        instruction.pairs.contains { $0.key == "PIP_NO_CACHE_DIR" && $0.value?.isEmpty == false }
    }

    static func findings(_ instruction: Instruction, _ context: LintContext) -> [Finding] {
        var exported = false
        return instruction.commands.compactMap { command in
            // `export PIP_NO_CACHE_DIR=1 && pip install …`: the rest of the RUN's shell has it.
            if command.name == "export",
                command.arguments.contains(where: { $0.hasPrefix("PIP_NO_CACHE_DIR=") && $0.count > 17 })
            {
                exported = true
            }
            guard !exported, command.installManager == .pip, !command.has("--no-cache-dir"),
                !command.assignments.contains(where: { $0.hasPrefix("PIP_NO_CACHE_DIR=") }),
                !instruction.hasCacheMount(covering: "/root/.cache/pip"),
                !instruction.mounts.contains(where: {
                    ($0["type"] == "cache" || $0["type"] == "tmpfs") && ($0["target"] ?? "").contains("pip")
                })
            else { return nil }
            return context.finding(
                descriptor, command.range, "`pip install` without `--no-cache-dir` keeps the wheel cache",
                hint: "add `--no-cache-dir`, or mount a cache: RUN --mount=type=cache,target=/root/.cache/pip")
        }
    }
}
