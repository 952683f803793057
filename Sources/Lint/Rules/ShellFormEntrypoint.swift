import Findings

/// The image's ENTRYPOINT is in shell form, so `/bin/sh -c` is PID 1 and the application never gets SIGTERM.
struct ShellFormEntrypoint: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0001", "shell-form-entrypoint", .pid1, .warning,
        summary: "The final ENTRYPOINT is in shell form: `/bin/sh -c` becomes PID 1 and swallows signals.",
        why: """
            In shell form Docker runs `/bin/sh -c "…"`; the shell is PID 1, does not forward SIGTERM to the \
            application and does not reap zombies, so `docker stop` waits and then kills. The exec (JSON) form \
            runs the program directly. Covers BuildKit's JSONArgsRecommended check for ENTRYPOINT.
            """,
        bad: """
            FROM node:22-slim
            ENTRYPOINT node server.js
            """,
        good: """
            FROM node:22-slim
            ENTRYPOINT ["node", "server.js"]
            """,
        fix: "a simple one-line shell form is rewritten to the JSON form.")
    static let hadolintCodes = ["DL3025"]
    static let buildkitChecks = ["JSONArgsRecommended"]

    func check(_ context: LintContext) -> [Finding] {
        guard let entrypoint = context.finalEntrypoint, entrypoint.isShellForm else { return [] }
        let text = entrypoint.text.trimmingBlanks()
        if text.hasPrefix("exec ") || text.isEmpty { return [] }
        // A declared SHELL (here or in a stage this one is built FROM) runs the shell form: not `/bin/sh -c`
        // (BuildKit's JSONArgsRecommended is silent there too); nor is cmd.exe on a Windows base.
        if Shells.declared(at: entrypoint, in: context) != nil || Shells.isWindows(entrypoint, context) { return [] }
        return [
            context.finding(
                Self.descriptor, entrypoint.range,
                "ENTRYPOINT in shell form runs under `/bin/sh -c`, which does not forward signals",
                hint: "write it in exec form: ENTRYPOINT [\"program\", \"arg\"]",
                fix: ExecFormFix.make(entrypoint, in: context))
        ]
    }
}
