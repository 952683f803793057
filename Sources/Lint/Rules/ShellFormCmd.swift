import Findings

/// The image's CMD is in shell form, so `/bin/sh -c` is PID 1 (or the string becomes `sh -c` arguments of the
/// ENTRYPOINT).
struct ShellFormCmd: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0002", "shell-form-cmd", .pid1, .warning,
        summary: "The final CMD is in shell form: `/bin/sh -c` becomes PID 1 and swallows signals.",
        why: """
            A shell-form CMD runs as `/bin/sh -c "…"`: the shell is PID 1 and does not pass SIGTERM on, so the \
            application is killed after the stop timeout instead of shutting down cleanly. With an ENTRYPOINT, \
            a shell-form CMD is passed to it as `/bin/sh -c …` arguments, which is rarely meant. Covers \
            BuildKit's JSONArgsRecommended check for CMD. Prefix the command with `exec` if you need the shell.
            """,
        bad: """
            FROM python:3.13-slim
            CMD python -m http.server
            """,
        good: """
            FROM python:3.13-slim
            CMD ["python", "-m", "http.server"]
            """,
        fix: "a simple one-line shell form is rewritten to the JSON form.")
    static let hadolintCodes = ["DL3025"]
    static let buildkitChecks = ["JSONArgsRecommended"]

    func check(_ context: LintContext) -> [Finding] {
        guard let cmd = context.finalCmd, cmd.isShellForm else { return [] }
        let text = cmd.text.trimmingBlanks()
        if text.hasPrefix("exec ") || text.isEmpty { return [] }
        // A declared SHELL (here or in a stage this one is built FROM) runs the shell form: not `/bin/sh -c`
        // (BuildKit's JSONArgsRecommended is silent there too); nor is cmd.exe on a Windows base.
        if Shells.declared(at: cmd, in: context) != nil || Shells.isWindows(cmd, context) { return [] }
        return [
            context.finding(
                Self.descriptor, cmd.range, "CMD in shell form runs under `/bin/sh -c`, which does not forward signals",
                hint: "write it in exec form: CMD [\"program\", \"arg\"], or start it with `exec`",
                fix: ExecFormFix.make(cmd, in: context))
        ]
    }
}
