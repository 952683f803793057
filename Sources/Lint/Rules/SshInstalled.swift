import Findings

/// An SSH server or client is installed in the final image.
struct SshInstalled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0031", "ssh-installed", .noTools, .warning,
        summary: "An SSH server or client is installed in the final image.",
        why: """
            An SSH server is a second application with its own keys and attack surface; containers are \
            entered with `docker exec` / `kubectl exec`. An SSH client lets an intruder move on to other \
            hosts. Fetch private repositories in a builder stage with `RUN --mount=type=ssh`.
            """,
        bad: """
            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
            """)

    static let packages: Set<String> = [
        "openssh-server", "openssh-client", "openssh", "openssh-clients", "ssh", "dropbear", "openssh-sftp-server",
    ]

    func check(_ context: LintContext) -> [Finding] {
        ToolPackages.findings(
            context, rule: Self.descriptor, packages: Self.packages, kind: "SSH",
            hint: "use `docker exec` to get in, and `RUN --mount=type=ssh` in a builder stage to fetch code")
    }
}
