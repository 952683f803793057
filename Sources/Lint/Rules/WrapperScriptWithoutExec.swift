import Findings

/// The ENTRYPOINT is a shell script from the build context that never `exec`s the application.
struct WrapperScriptWithoutExec: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0006", "wrapper-script-without-exec", .pid1, .warning,
        summary: "The ENTRYPOINT script starts the application without `exec`, so the shell stays PID 1.",
        why: """
            An entrypoint script that ends with `node server.js` or `"$@"` keeps the shell as PID 1: the \
            application never sees SIGTERM and `docker stop` kills it after the timeout. End the script with \
            `exec "$@"` (or `exec the-program`) so the application replaces the shell. Checked when the script \
            is copied from the build context and can be read.
            """,
        bad: """
            FROM alpine:3.21
            COPY entrypoint.sh /entrypoint.sh
            ENTRYPOINT ["/entrypoint.sh"]
            # entrypoint.sh: #!/bin/sh … "$@"
            """,
        good: """
            FROM alpine:3.21
            COPY entrypoint.sh /entrypoint.sh
            ENTRYPOINT ["/entrypoint.sh"]
            # entrypoint.sh: #!/bin/sh … exec "$@"
            """)

    func check(_ context: LintContext) -> [Finding] {
        guard let entrypoint = context.finalEntrypoint, let path = entrypoint.execForm?.first,
            !isSymbolic(path), let script = WrapperScripts.script(for: path, in: context)
        else { return [] }
        let firstLine = script.split(separator: "\n", maxSplits: 1).first ?? ""
        let isShell = path.hasSuffix(".sh") || (firstLine.hasPrefix("#!") && firstLine.contains("sh"))
        guard isShell else { return [] }
        let commands = ShellCommand.commands(ofScript: String(script))
        if commands.isEmpty || commands.contains(where: { $0.words.first == "exec" }) { return [] }
        return [
            context.finding(
                Self.descriptor, entrypoint.range,
                "\(path) starts the application without `exec`, so the shell stays PID 1 and swallows signals",
                hint: "end the script with `exec \"$@\"` (or `exec` the program it starts)")
        ]
    }
}
