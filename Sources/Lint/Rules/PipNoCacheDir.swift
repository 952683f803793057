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
        let disabledByEnv = context.dockerfile.instructions.contains { instruction in
            ["ENV", "ARG"].contains(instruction.keyword)
                && instruction.pairs.contains { $0.key == "PIP_NO_CACHE_DIR" }
        }
        if disabledByEnv { return [] }
        return context.allRunCommands.compactMap { instruction, command in
            guard command.installManager == .pip, !command.has("--no-cache-dir"),
                !command.assignments.contains(where: { $0.hasPrefix("PIP_NO_CACHE_DIR=") }),
                !instruction.hasCacheMount(covering: "/root/.cache/pip"),
                !instruction.mounts.contains(where: { $0["type"] == "cache" && ($0["target"] ?? "").contains("pip") })
            else { return nil }
            return context.finding(
                Self.descriptor, command.range, "`pip install` without `--no-cache-dir` keeps the wheel cache",
                hint: "add `--no-cache-dir`, or mount a cache: RUN --mount=type=cache,target=/root/.cache/pip")
        }
    }
}
