import Findings

/// `ADD https://…` without `--checksum`: the download is not verified.
struct AddUrlWithoutChecksum: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0104", "add-url-without-checksum", .publicImages, .warning,
        summary: "`ADD` downloads a URL without `--checksum`, so nothing verifies what arrives.",
        why: """
            ADD fetches the URL at build time; if the server or anything in between serves different bytes, \
            they go into the image unnoticed. `ADD --checksum=sha256:…` fails the build instead. Git URLs are \
            pinned with a commit instead of a branch.
            """,
        bad: """
            FROM alpine:3.21
            ADD https://example.com/tool.tar.gz /tmp/
            """,
        good: """
            FROM alpine:3.21
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
            """)

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.compactMap { instruction in
            guard instruction.keyword == "ADD", !instruction.hasFlag("checksum") else { return nil }
            let urls = instruction.words.dropLast().filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            guard let url = urls.first, !url.hasSuffix(".git"), !url.contains(".git#") else { return nil }
            return context.finding(
                Self.descriptor, instruction.range, "ADD \(url) is not verified with --checksum",
                hint: "add --checksum=sha256:<digest>")
        }
    }
}
