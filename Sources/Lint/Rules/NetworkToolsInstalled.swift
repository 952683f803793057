import Findings

/// netcat, socat, telnet, tcpdump or nmap installed in the final image: ready-made tools for an attacker.
struct NetworkToolsInstalled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0030", "network-tools-installed", .noTools, .warning,
        summary: "Network tools (netcat, socat, telnet, tcpdump, nmap) are installed in the final image.",
        why: """
            Whoever gets code execution in the container gets a reverse shell (`nc -e`), a port scanner and a \
            packet sniffer for free. The application does not need them; debug with an ephemeral debug \
            container (`kubectl debug`, `docker run --pid=container:…`) instead.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends netcat-openbsd && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
            """)

    static let packages: Set<String> = [
        "netcat", "netcat-openbsd", "netcat-traditional", "nc", "ncat", "nmap", "nmap-ncat", "socat", "telnet",
        "telnetd", "inetutils-telnet", "busybox-extras", "tcpdump", "tshark", "wireshark", "hping3", "masscan",
    ]

    func check(_ context: LintContext) -> [Finding] {
        ToolPackages.findings(
            context, rule: Self.descriptor, packages: Self.packages, kind: "network tool",
            hint: "do not ship it; debug with an ephemeral debug container")
    }
}
