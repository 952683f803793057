import Findings

/// CMD or ENTRYPOINT starts a program in the background with `&`.
struct BackgroundProcess: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0011", "background-process", .oneApp, .error,
        summary: "CMD or ENTRYPOINT puts a process in the background with `&`.",
        why: """
            A program started with `&` is a second application in the container that nobody watches: if it \
            dies the container keeps running, its signals are not forwarded and its zombies are not reaped. \
            Run it in its own container (a sidecar), or make it the only process.
            """,
        bad: """
            FROM alpine:3.21
            CMD ["sh", "-c", "crond & exec httpd -f"]
            """,
        good: """
            FROM alpine:3.21
            CMD ["httpd", "-f"]
            """)

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for instruction in [context.finalEntrypoint, context.finalCmd].compactMap({ $0 }) {
            let commands = Self.commands(of: instruction)
            if let background = commands.first(where: \.isBackground) {
                findings.append(
                    context.finding(
                        Self.descriptor, instruction.range,
                        "`\(background.words.joined(separator: " "))` runs in the background next to the main process",
                        hint: "run it in its own container"))
            }
        }
        return findings
    }

    /// The shell commands a CMD/ENTRYPOINT runs: the shell form, or the script of an exec-form `sh -c`.
    static func commands(of instruction: Instruction) -> [ShellCommand] {
        if let exec = instruction.execForm {
            guard exec.count > 2,
                ["sh", "bash", "ash", "dash", "zsh"].contains(
                    exec[0].split(separator: "/").last.map(String.init) ?? exec[0]),
                exec[1] == "-c"
            else { return [] }
            return ShellCommand.commands(ofScript: exec[2])
        }
        if !instruction.commands.isEmpty { return instruction.commands }
        return ShellCommand.commands(ofScript: instruction.text)
    }
}
