import Findings

/// `apk add` without `--no-cache` leaves the package index in the image.
struct ApkNoCache: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0042", "apk-no-cache", .minimalContent, .info,
        summary: "`apk add` without `--no-cache` leaves the APK index cache in the image.",
        why: """
            `apk add` downloads the index into /var/cache/apk and keeps it in the layer. `--no-cache` fetches \
            it to a temporary place instead. Not reported when /var/cache/apk is removed in the same RUN or a \
            `--mount=type=cache` covers it.
            """,
        bad: """
            FROM alpine:3.21
            RUN apk update && apk add curl
            """,
        good: """
            FROM alpine:3.21
            RUN apk add --no-cache curl
            """)
    static let hadolintCodes = ["DL3019"]

    func check(_ context: LintContext) -> [Finding] {
        context.allRunCommands.compactMap { instruction, command in
            // `--no-network` fetches no index and no package: there is no cache to keep.
            guard command.installManager == .apk, !command.has("--no-cache"), !command.has("--no-network"),
                !instruction.hasCacheMount(covering: "/var/cache/apk"),
                !instruction.hasCacheMount(covering: "/etc/apk/cache"),
                !instruction.commands.contains(where: {
                    $0.name == "rm" && $0.arguments.contains { $0.hasPrefix("/var/cache/apk") }
                })
            else { return nil }
            return context.finding(
                Self.descriptor, command.range, "`apk add` without `--no-cache` keeps the index cache in the layer",
                hint: "use `apk add --no-cache`")
        }
    }
}
