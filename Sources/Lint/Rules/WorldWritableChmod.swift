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
            temporary directories. Only the final stage and the stages it is built FROM are checked, and a \
            path the same RUN deletes again is not reported.
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
        // Only what ships: a builder stage's modes stay behind, and a path the same RUN deletes (a `mktemp -d`
        // work directory opened up for a build user) is gone before the layer is written.
        for stage in context.shippedStages {
            for instruction in stage.instructions {
                if instruction.keyword == "RUN" {
                    let effects = context.effects(of: instruction)
                    for command in instruction.commands {
                        guard let mode = Chmod.mode(command), Chmod.isWorldWritable(mode) else { continue }
                        let paths = Chmod.paths(command)
                        if !paths.isEmpty, paths.allSatisfy(effects.removes(path:)) { continue }
                        findings.append(
                            context.finding(
                                Self.descriptor, command.range, "`chmod \(mode)` makes paths writable by every user",
                                hint: "chown to the user that writes there and use 755/775 (or 1777 for a shared tmp)"))
                    }
                } else if ["COPY", "ADD"].contains(instruction.keyword), let mode = instruction.flag("chmod"),
                    Chmod.isWorldWritable(mode)
                {
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            "`--chmod=\(mode)` makes the files writable by every user",
                            hint: "use --chown and a mode such as 755"))
                }
            }
        }
        return findings
    }
}
