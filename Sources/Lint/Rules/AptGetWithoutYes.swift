import Findings

/// `apt-get install` without `-y`: apt asks for confirmation, reads the build's empty stdin and aborts.
struct AptGetWithoutYes: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0150", "apt-get-without-yes", .correctness, .warning,
        summary: "`apt-get install` without `-y` stops at apt's confirmation prompt and aborts the build.",
        why: """
            When an install pulls in packages beyond the ones named, apt asks "Do you want to continue? [Y/n]"; \
            a build has no terminal, apt reads end of file and aborts, so the RUN fails (or works today and \
            fails when a dependency is added). `-y`, `--yes`, `--assume-yes`, `-qq` (quiet level 2 implies \
            yes) and `-o APT::Get::Assume-Yes=true` answer it; so do `yes | apt-get …` and an \
            `APT::Get::Assume-Yes` setting the Dockerfile writes. `DEBIAN_FRONTEND=noninteractive` does not: \
            it silences debconf, not apt's prompt. A dry run (`-s`) asks nothing.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            """)
    static let hadolintCodes = ["DL3014"]

    /// Whether `command` answers apt's prompt itself (hadolint's accepted forms and apt's own option).
    static func assumesYes(_ command: ShellCommand) -> Bool {
        if command.has("-y", "--yes", "--assume-yes", "-qq", "--force-yes") { return true }
        let arguments = command.arguments
        if arguments.contains("-q=2") || arguments.contains("--quiet=2") { return true }
        if arguments.filter({ $0 == "-q" }).count >= 2 || arguments.filter({ $0 == "--quiet" }).count >= 2 {
            return true
        }
        // A combined short option counting two q's (`-qqy` is caught above; `-qyq`).
        if arguments.contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.filter { $0 == "q" }.count >= 2 })
        {
            return true
        }
        return arguments.contains { $0.contains("Assume-Yes") || $0.contains("assume-yes") }
    }

    static let dryRun = ["-s", "--simulate", "--just-print", "--dry-run", "--recon", "--no-act"]

    func check(_ context: LintContext) -> [Finding] {
        // A configuration file the Dockerfile writes (`APT::Get::Assume-Yes "true";`) answers every prompt.
        if context.source.contains("Assume-Yes") { return [] }
        var findings: [Finding] = []
        for instruction in context.allRuns {
            let commands = instruction.commands
            for (index, command) in commands.enumerated() where command.name == "apt-get" {
                guard command.arguments.contains("install"), !Self.assumesYes(command),
                    !Self.dryRun.contains(where: { command.has($0) })
                else { continue }
                if index > 0, commands[index - 1].pipesIntoNext, commands[index - 1].name == "yes" { continue }
                findings.append(
                    context.finding(
                        Self.descriptor, command.range,
                        "`apt-get install` without `-y`: apt aborts the build whenever it has to ask",
                        hint: "add `-y`: apt-get install -y …"))
            }
        }
        return findings
    }
}
