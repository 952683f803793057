import Findings

/// `sudo` is used in a RUN or installed in the final image.
struct SudoUsage: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0055", "sudo-usage", .fsSecurity, .warning,
        summary: "`sudo` is used in RUN or installed in the final image.",
        why: """
            RUN already runs as the current USER; switch with USER instead of sudo, whose TTY and environment \
            handling behaves unpredictably in builds. Installed in the final image, sudo is a ready path from \
            the application user to root.
            """,
        bad: """
            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
            USER app
            RUN sudo mkdir /data
            """,
        good: """
            FROM ubuntu:24.04
            RUN mkdir /data && chown app /data
            USER app
            """)
    static let hadolintCodes = ["DL3004"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for (_, command) in context.allRunCommands
        where command.words.first.map({ $0 == "sudo" || $0.hasSuffix("/sudo") }) == true {
            findings.append(
                context.finding(
                    Self.descriptor, command.range, "`sudo` in RUN", hint: "use USER to change user between steps"))
        }
        findings += ToolPackages.findings(
            context, rule: Self.descriptor, packages: ["sudo", "doas"], kind: "privilege escalation",
            hint: "do not ship sudo; the application user should not become root")
        return findings
    }
}
