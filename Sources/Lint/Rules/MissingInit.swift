import Findings

/// The image runs a program known to spawn child processes (npm, a shell running several commands, a headless
/// browser) without an init to reap them and forward signals.
struct MissingInit: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0004", "missing-init", .pid1, .warning,
        summary: "The command spawns child processes but no init (tini, dumb-init, shipshape-init) runs as PID 1.",
        why: """
            PID 1 must reap orphaned children and forward signals. `npm start`, `yarn start`, shells that run \
            several commands and headless browsers start children and do neither, so zombies pile up and \
            `docker stop` times out. Run the command under an init (tini, dumb-init, catatonit, \
            shipshape-init, s6-overlay's `/init`), or document `docker run --init`.
            """,
        bad: """
            FROM node:22-slim
            CMD ["npm", "start"]
            """,
        good: """
            FROM node:22-slim
            RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
            ENTRYPOINT ["tini", "--"]
            CMD ["npm", "start"]
            """)

    static let spawners: Set<String> = [
        "npm", "yarn", "pnpm", "npx", "nodemon", "chromium", "chromium-browser", "google-chrome", "xvfb-run",
        "make", "foreman", "honcho", "concurrently",
    ]

    func check(_ context: LintContext) -> [Finding] {
        guard let instruction = context.finalEntrypoint ?? context.finalCmd else { return [] }
        if Inits.usesInit(context) { return [] }
        var words = Inits.commandWords(context)
        var reason: String?
        if words.count > 2, ["sh", "bash", "ash", "dash", "zsh"].contains(base(words[0])), words[1] == "-c" {
            let commands = ShellCommand.commands(ofScript: words[2])
            if commands.count > 1, commands.last?.words.first != "exec" || commands.contains(where: \.isBackground) {
                reason = "a shell running \(commands.count) commands stays PID 1 and starts them as children"
            }
            if let last = commands.last, last.words.first == "exec" || commands.count == 1 {
                words = last.effectiveWords
            }
        }
        if reason == nil, let first = words.first, Self.spawners.contains(base(first)), !isSymbolic(first) {
            reason = "`\(base(first))` starts the application as a child process"
        }
        guard let reason else { return [] }
        return [
            context.finding(
                Self.descriptor, instruction.range, "\(reason) and no init reaps zombies or forwards signals",
                hint:
                    "install tini (or dumb-init) and use ENTRYPOINT [\"tini\", \"--\"], or run with `docker run --init`"
            )
        ]
    }

    private func base(_ word: String) -> String { word.split(separator: "/").last.map(String.init) ?? word }
}
