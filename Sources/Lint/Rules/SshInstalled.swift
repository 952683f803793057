import Findings

/// An SSH server is installed in the final image.
struct SshInstalled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0031", "ssh-installed", .noTools, .warning,
        summary: "An SSH server is installed in the final image.",
        why: """
            An SSH server is a second application with its own keys and attack surface; containers are \
            entered with `docker exec` / `kubectl exec`. The client alone (`openssh-client`) is not reported: \
            git, vagrant, jenkins agents and `docker -H ssh://` need it, and it opens nothing; fetch private \
            repositories in a builder stage with `RUN --mount=type=ssh` where the image itself does not. An \
            image whose command is sshd is an SSH server by design.
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
        "openssh-server", "openssh", "ssh", "dropbear", "openssh-sftp-server", "openssh-server-pam",
    ]

    func check(_ context: LintContext) -> [Finding] {
        ToolPackages.findings(
            context, rule: Self.descriptor, packages: Self.packages, kind: "SSH",
            hint: "use `docker exec` to get in, and `RUN --mount=type=ssh` in a builder stage to fetch code")
    }
}
