import Findings

/// `STOPSIGNAL SIGKILL` (or 9): the application can never shut down cleanly.
struct StopsignalSigkill: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0003", "stopsignal-sigkill", .pid1, .warning,
        summary: "STOPSIGNAL is SIGKILL, which cannot be caught: no graceful shutdown is possible.",
        why: """
            `docker stop` sends the STOPSIGNAL first so the application can finish requests, flush data and \
            exit. SIGKILL cannot be handled: connections drop and writes are lost. Use SIGTERM (the default), \
            or the signal the application documents (SIGQUIT for nginx, SIGWINCH for Apache).
            """,
        bad: """
            FROM nginx:1.27
            STOPSIGNAL SIGKILL
            """,
        good: """
            FROM nginx:1.27
            STOPSIGNAL SIGQUIT
            """)

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.filter { $0.keyword == "STOPSIGNAL" }.compactMap { instruction in
            let signal = (instruction.words.first ?? "").uppercased()
            guard signal == "SIGKILL" || signal == "KILL" || signal == "9" else { return nil }
            return context.finding(
                Self.descriptor, instruction.range, "STOPSIGNAL \(signal) cannot be caught by the application",
                hint: "remove STOPSIGNAL (SIGTERM is the default) or use the signal the application handles")
        }
    }
}
