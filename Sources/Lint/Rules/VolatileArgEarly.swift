import Findings

/// An ARG that changes on every build (commit, build date, build number) is declared before expensive RUN steps,
/// so every build re-runs them.
struct VolatileArgEarly: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0023", "volatile-arg-early", .buildCache, .info,
        summary: "An ARG that changes every build (commit, date, build number) comes before expensive RUN steps.",
        why: """
            Every RUN after an ARG sees its value in its environment, so the value is part of the cache key of \
            each of those RUNs. An ARG such as GIT_COMMIT or BUILD_DATE differs on every build and busts the \
            cache of every later RUN — package installs included. Declare it after the installs, just before \
            the LABEL or step that uses it.
            """,
        bad: """
            FROM debian:bookworm-slim
            ARG GIT_COMMIT
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            LABEL org.opencontainers.image.revision=$GIT_COMMIT
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            ARG GIT_COMMIT
            LABEL org.opencontainers.image.revision=$GIT_COMMIT
            """)

    static let volatileNames: Set<String> = [
        "BUILD_DATE", "BUILD_TIME", "BUILD_TIMESTAMP", "BUILD_NUMBER", "BUILD_ID", "BUILDTIME", "BUILDDATE",
        "GIT_COMMIT", "GIT_SHA", "GIT_REVISION", "GIT_HASH", "COMMIT", "COMMIT_SHA", "COMMIT_HASH", "REVISION",
        "VCS_REF", "SOURCE_COMMIT", "CI_COMMIT_SHA", "GITHUB_SHA", "CACHEBUST", "CACHE_BUST", "TIMESTAMP",
    ]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            for (position, instruction) in stage.instructions.enumerated() where instruction.keyword == "ARG" {
                for pair in instruction.pairs where Self.volatileNames.contains(pair.key.uppercased()) {
                    let expensive = stage.instructions[(position + 1)...].first { later in
                        later.keyword == "RUN"
                            && later.commands.contains {
                                $0.installManager != nil || SourceBeforeDependencies.ecosystem($0) != nil
                            }
                            && !later.text.contains(pair.key)
                    }
                    guard let expensive else { continue }
                    findings.append(
                        context.finding(
                            Self.descriptor, pair.range,
                            "ARG \(pair.key) changes every build and invalidates the cache of the RUN on line \(expensive.range.line)",
                            hint: "declare ARG \(pair.key) after the expensive steps, just before it is used"))
                }
            }
        }
        return findings
    }
}
