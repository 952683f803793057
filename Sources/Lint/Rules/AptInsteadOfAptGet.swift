import Findings

/// `apt` in a RUN: its command line is not meant for scripts.
struct AptInsteadOfAptGet: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0139", "apt-instead-of-apt-get", .correctness, .info,
        summary: "`apt` is for interactive use; scripts should call `apt-get`.",
        why: """
            `apt` warns that its "CLI is not stable" and may change behaviour between releases (progress \
            bars, prompts). `apt-get` and `apt-cache` are the stable interfaces for scripts and Dockerfiles.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """)
    static let hadolintCodes = ["DL3027"]

    func check(_ context: LintContext) -> [Finding] {
        context.allRunCommands.compactMap { _, command in
            guard command.name == "apt", command.subcommand != nil else { return nil }
            return context.finding(
                Self.descriptor, command.range, "`apt \(command.subcommand ?? "")` in a script",
                hint: "use apt-get")
        }
    }
}
