import Findings

/// `chmod u+s` / `4755`: a setuid or setgid file is a ready-made privilege escalation.
struct SetuidChmod: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0052", "setuid-chmod", .fsSecurity, .warning,
        summary: "A chmod sets the setuid or setgid bit.",
        why: """
            A setuid-root binary runs as root whoever starts it; any bug in it is a root shell for an \
            intruder who got in as an unprivileged user. Containers rarely need one: grant a capability \
            (`setcap`) or run the step as the right user instead. `--security-opt no-new-privileges` at run \
            time also neutralises them.
            """,
        bad: """
            FROM debian:bookworm-slim
            COPY helper /usr/local/bin/helper
            RUN chmod u+s /usr/local/bin/helper
            """,
        good: """
            FROM debian:bookworm-slim
            COPY --chmod=755 helper /usr/local/bin/helper
            """)

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for (_, command) in context.allRunCommands {
            guard let mode = Chmod.mode(command), Chmod.setsID(mode) else { continue }
            findings.append(
                context.finding(
                    Self.descriptor, command.range, "`chmod \(mode)` sets the setuid/setgid bit",
                    hint: "avoid setuid files; grant a capability or change user instead"))
        }
        for instruction in context.dockerfile.instructions where ["COPY", "ADD"].contains(instruction.keyword) {
            if let mode = instruction.flag("chmod"), Chmod.setsID(mode) {
                findings.append(
                    context.finding(
                        Self.descriptor, instruction.range, "`--chmod=\(mode)` sets the setuid/setgid bit",
                        hint: "avoid setuid files"))
            }
        }
        return findings
    }
}
