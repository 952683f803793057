import Findings

/// Debuggers and tracers are installed in the final image.
struct DebuggersInstalled: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0034", "debuggers-installed", .noTools, .warning,
        summary: "Debuggers or tracers (gdb, strace, ltrace, valgrind) are installed in the final image.",
        why: """
            A debugger can read and rewrite the memory of the application — secrets included — for anyone \
            who gets a shell. Attach one from an ephemeral debug container sharing the process namespace \
            when you need it.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends gdb strace && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
            """)

    static let packages: Set<String> = [
        "gdb", "gdbserver", "strace", "ltrace", "valgrind", "lldb", "perf", "linux-perf", "bpftrace", "sysdig",
        "delve",
    ]

    func check(_ context: LintContext) -> [Finding] {
        ToolPackages.findings(
            context, rule: Self.descriptor, packages: Self.packages, kind: "debugger",
            hint: "debug from an ephemeral debug container instead")
    }
}
