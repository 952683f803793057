import Findings

/// The image's command is a process supervisor (supervisord, runit, s6-svscan, pm2) running several programs.
struct ProcessSupervisor: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0010", "process-supervisor", .oneApp, .warning,
        summary: "The command starts a process supervisor: several applications share one container.",
        why: """
            One container, one application: it can then be scaled, restarted, updated and logged on its own, \
            and the orchestrator sees when it dies. A supervisor hides crashes of the programs it restarts \
            and couples their lifecycles. Run each program in its own container instead (`pm2-runtime` for a \
            single Node app and s6-overlay's `/init` as an init are not reported). A wrapper script the \
            command runs is read when the Dockerfile writes it (`COPY <<EOF /start.sh`, `RUN echo … > \
            /start.sh`) or copies it from the build context beside the Dockerfile; a script that comes from \
            elsewhere (an image, a URL) is not seen.
            """,
        bad: """
            FROM debian:bookworm-slim
            COPY supervisord.conf /etc/supervisor/conf.d/app.conf
            CMD ["/usr/bin/supervisord", "-n"]
            """,
        good: """
            FROM debian:bookworm-slim
            CMD ["/usr/local/bin/app"]
            """)

    static let supervisors: Set<String> = [
        "supervisord", "runsvdir", "runsv", "s6-svscan", "pm2", "forever", "circusd", "monit", "god",
        "multirun",
    ]

    func check(_ context: LintContext) -> [Finding] {
        guard let instruction = context.finalEntrypoint ?? context.finalCmd else { return [] }
        var words = Inits.commandWords(context)
        if let first = words.first, Inits.isInit(first), !Self.supervisors.contains(base(first)) {
            words = Array(words.drop { Inits.isInit($0) || $0.hasPrefix("-") })
        }
        var programs = words.prefix(1).map(base)
        if words.count > 2, ["sh", "bash"].contains(base(words[0])), words[1] == "-c" {
            programs = ShellCommand.commands(ofScript: words[2]).map(\.name)
        }
        var viaScript: String?
        if !programs.contains(where: { Self.supervisors.contains($0) }), let script = words.first,
            !isSymbolic(script), script.contains("/") || script.hasSuffix(".sh"),
            let text = InlineScripts.script(for: script, in: context) ?? WrapperScripts.script(for: script, in: context)
        {
            // The supervisor the wrapper starts (`exec supervisord -n`, `runsvdir /etc/service`).
            programs = ShellCommand.commands(ofScript: text).map(\.name)
            viaScript = script
        }
        guard let supervisor = programs.first(where: { Self.supervisors.contains($0) }) else { return [] }
        if let viaScript {
            let target = context.finalEntrypoint ?? context.finalCmd ?? instruction
            return [
                context.finding(
                    Self.descriptor, target.range,
                    "the container runs the process supervisor `\(supervisor)`, started by \(viaScript)",
                    hint: "run one application per container and let the orchestrator restart it")
            ]
        }
        let target =
            context.finalEntrypoint.flatMap { entry in
                (entry.execForm ?? [entry.text]).contains { $0.contains(supervisor) } ? entry : nil
            } ?? context.finalCmd ?? instruction
        return [
            context.finding(
                Self.descriptor, target.range, "the container runs the process supervisor `\(supervisor)`",
                hint: "run one application per container and let the orchestrator restart it")
        ]
    }

    private func base(_ word: String) -> String { word.split(separator: "/").last.map(String.init) ?? word }
}
