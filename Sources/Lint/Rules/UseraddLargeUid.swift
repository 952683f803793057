import Findings

/// `useradd` with a large UID and without `-l` writes a huge sparse /var/log/lastlog and faillog.
struct UseraddLargeUid: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0074", "useradd-large-uid", .layerWaste, .warning,
        summary: "`useradd` with a large UID and no `-l` creates a gigabyte-sized lastlog file.",
        why: """
            useradd records the user in /var/log/lastlog and faillog at an offset proportional to the UID. \
            The files are sparse on disk but layers store them in full: a UID of 1000000000 adds hundreds of \
            megabytes. Pass `-l` (`--no-log-init`).
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN useradd -u 1000000 app
            """,
        good: """
            FROM debian:bookworm-slim
            RUN useradd -l -u 1000000 app
            """)
    static let hadolintCodes = ["DL3046"]

    func check(_ context: LintContext) -> [Finding] {
        context.allRunCommands.compactMap { _, command in
            guard command.name == "useradd", !command.has("-l", "--no-log-init") else { return nil }
            let words = command.arguments
            var uid: String?
            for (index, word) in words.enumerated() {
                if (word == "-u" || word == "--uid"), index + 1 < words.count { uid = words[index + 1] }
                if word.hasPrefix("--uid=") { uid = String(word.dropFirst(6)) }
                if word.hasPrefix("-u"), word.count > 2, Int(word.dropFirst(2)) != nil {
                    uid = String(word.dropFirst(2))
                }
            }
            guard let uid, let value = Int(uid), value >= 100_000 else { return nil }
            return context.finding(
                Self.descriptor, command.range, "`useradd -u \(uid)` without `-l` writes a huge lastlog into the layer",
                hint: "add `-l` (`--no-log-init`)")
        }
    }
}
