import Findings

/// A download is piped straight into a shell or interpreter (`curl … | sh`).
struct CurlPipeShell: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0103", "curl-pipe-shell", .publicImages, .warning,
        summary: "A script is downloaded and piped straight into a shell (`curl … | sh`).",
        why: """
            Whatever the server returns today runs as root in the build: a compromised site, a truncated \
            download or a changed script is executed unseen. Download to a file, check its checksum or \
            signature, then run it — or use `ADD --checksum`.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN curl -fsSL https://example.com/install.sh | sh
            """,
        good: """
            FROM debian:bookworm-slim
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/install.sh /tmp/install.sh
            RUN sh /tmp/install.sh && rm /tmp/install.sh
            """)

    static let interpreters: Set<String> = [
        "sh", "bash", "ash", "dash", "zsh", "ksh", "python", "python3", "python2", "perl", "ruby", "node", "php",
    ]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for instruction in context.allRuns {
            let commands = instruction.commands
            for (index, command) in commands.enumerated() where ["curl", "wget"].contains(command.name) {
                guard command.pipesIntoNext, index + 1 < commands.count else { continue }
                var next = commands[index + 1]
                var nextIndex = index + 1
                // `curl … | sudo sh`, `curl … | tee x | sh`
                while ["tee", "gunzip", "zcat", "cat"].contains(next.name), next.pipesIntoNext,
                    nextIndex + 1 < commands.count
                {
                    nextIndex += 1
                    next = commands[nextIndex]
                }
                if Self.interpreters.contains(next.name) {
                    findings.append(
                        context.finding(
                            Self.descriptor, command.range,
                            "`\(command.name) … | \(next.name)` runs a downloaded script without checking it",
                            hint: "download to a file, verify its checksum, then run it"))
                }
            }
        }
        return findings
    }
}
