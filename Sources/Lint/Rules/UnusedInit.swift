import Findings

/// An init (tini, dumb-init, catatonit) is installed in the image but the ENTRYPOINT does not run it.
struct UnusedInit: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0005", "unused-init", .pid1, .warning,
        summary: "An init is installed in the final image but ENTRYPOINT does not use it.",
        why: """
            Installing tini or dumb-init does nothing unless it is PID 1: it must be the first word of the \
            ENTRYPOINT. Otherwise the application is PID 1 after all and the init is dead weight.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
            CMD ["/usr/local/bin/app"]
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
            ENTRYPOINT ["tini", "--"]
            CMD ["/usr/local/bin/app"]
            """)

    func check(_ context: LintContext) -> [Finding] {
        guard context.finalEntrypoint != nil || context.finalCmd != nil, !Inits.usesInit(context) else { return [] }
        // An entrypoint script may start the init itself: only judge when it can be read.
        let words = Inits.commandWords(context)
        if let first = words.first, first.hasSuffix(".sh") || first.contains("entrypoint") {
            guard let script = WrapperScripts.script(for: first, in: context) else { return [] }
            if Inits.packages.contains(where: { script.contains($0) }) { return [] }
        }
        var findings: [Finding] = []
        for (install, packages) in context.shippedPackages(matching: { Inits.packages.contains($0) }) {
            findings.append(
                context.finding(
                    Self.descriptor, install.command.range,
                    "\(packages.joined(separator: ", ")) is installed but the ENTRYPOINT does not run it",
                    hint: "make it PID 1: ENTRYPOINT [\"\(packages[0])\", \"--\", …]"))
        }
        for stage in context.shippedStages {
            for instruction in stage.instructions where ["COPY", "ADD"].contains(instruction.keyword) {
                guard let destination = instruction.words.last,
                    let name = destination.split(separator: "/").last.map(String.init),
                    Inits.packages.contains(name)
                else { continue }
                findings.append(
                    context.finding(
                        Self.descriptor, instruction.range,
                        "\(name) is added to the image but the ENTRYPOINT does not run it",
                        hint: "make it PID 1: ENTRYPOINT [\"\(destination)\", \"--\", …]"))
            }
        }
        return findings
    }
}
