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
            for instruction in stage.instructions {
                if instruction.keyword == "ENV" || instruction.keyword == "ARG",
                    instruction.pairs.contains(where: { $0.key == "PIP_NO_CACHE_DIR" && $0.value?.isEmpty == false })
                {
                    disabled = true
                }
                guard instruction.keyword == "RUN", !disabled else { continue }
                for command in instruction.commands {
                    guard command.installManager == .pip, !command.has("--no-cache-dir"),
                        !command.assignments.contains(where: { $0.hasPrefix("PIP_NO_CACHE_DIR=") }),
                        !instruction.hasCacheMount(covering: "/root/.cache/pip"),
                        !instruction.mounts.contains(where: {
                            $0["type"] == "cache" && ($0["target"] ?? "").contains("pip")
                        })
                    else { continue }
                    findings.append(
                        context.finding(
                            Self.descriptor, command.range,
                            "`pip install` without `--no-cache-dir` keeps the wheel cache",
                            hint:
                                "add `--no-cache-dir`, or mount a cache: RUN --mount=type=cache,target=/root/.cache/pip"
                        ))
                }
            }
            if disabled { disabledAtEnd.insert(stage.index) }
        }
        return findings
    }
}
