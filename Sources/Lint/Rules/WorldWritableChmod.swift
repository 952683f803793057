import Findings

/// `chmod 777`, `chmod a+w`, `chmod o+w`: files anyone in the container can rewrite.
struct WorldWritableChmod: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0051", "world-writable-chmod", .fsSecurity, .warning,
        summary: "`chmod 777` / `o+w` makes paths writable by every user, without the sticky bit.",
        why: """
            A world-writable file or directory lets any process in the container — whatever user it runs as — \
            replace binaries, scripts or configuration the application trusts. Give the directory to the user \
            that needs it (`COPY --chown`, `chown`) with 755/775, or set the sticky bit (1777) for shared \
            temporary directories.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN mkdir -p /app/data && chmod -R 777 /app
            """,
        good: """
            FROM debian:bookworm-slim
            RUN mkdir -p /app/data && chown -R 10001:10001 /app/data && chmod 750 /app/data
            """)

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for (_, command) in context.allRunCommands {
            guard let mode = Chmod.mode(command), Chmod.isWorldWritable(mode) else { continue }
            findings.append(
                context.finding(
                    Self.descriptor, command.range, "`chmod \(mode)` makes paths writable by every user",
                    hint: "chown to the user that writes there and use 755/775 (or 1777 for a shared tmp)"))
        }
        for instruction in context.dockerfile.instructions where ["COPY", "ADD"].contains(instruction.keyword) {
            if let mode = instruction.flag("chmod"), Chmod.isWorldWritable(mode) {
                findings.append(
                    context.finding(
                        Self.descriptor, instruction.range, "`--chmod=\(mode)` makes the files writable by every user",
                        hint: "use --chown and a mode such as 755"))
            }
        }
        return findings
    }
}
