import Findings

/// The command starts system services (`service nginx start`, `/etc/init.d/x start`, `systemctl start`).
struct ServiceStartInCommand: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0012", "service-start-in-command", .oneApp, .warning,
        summary: "CMD or ENTRYPOINT starts system services with `service … start` or an init script.",
        why: """
            `service x start` daemonizes x: it runs in the background, unwatched, next to the main process — \
            two applications in one container, and x's crashes go unnoticed. In a RUN it does nothing useful \
            (the process does not survive the build step). Run the service in the foreground as the only \
            process, or in its own container.
            """,
        bad: """
            FROM ubuntu:24.04
            CMD service nginx start && tail -f /var/log/nginx/access.log
            """,
        good: """
            FROM nginx:1.27
            CMD ["nginx", "-g", "daemon off;"]
            """)

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for instruction in [context.finalEntrypoint, context.finalCmd].compactMap({ $0 }) {
            for command in BackgroundProcess.commands(of: instruction) {
                let words = command.effectiveWords
                let isService =
                    (command.name == "service" && words.count >= 3 && ["start", "restart"].contains(words[2]))
                    || (command.name == "systemctl" && words.dropFirst().contains { $0 == "start" || $0 == "restart" })
                    || (words.first?.hasPrefix("/etc/init.d/") == true && words.dropFirst().contains("start"))
                if isService {
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            "`\(words.joined(separator: " "))` starts a background service in the container",
                            hint: "run the service in the foreground as the only process, or in its own container"))
                }
            }
        }
        return findings
    }
}
