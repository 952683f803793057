import Findings

/// FROM names an image without a tag or digest, so it silently means `latest`.
struct UntaggedBase: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0090", "untagged-base", .tagging, .warning,
        summary: "FROM has no tag or digest, so the base is whatever `latest` is on build day.",
        why: """
            An untagged base changes under you: the same Dockerfile builds a different image next month, a \
            major version jump breaks the build, and nobody can tell which base an image was built on. Name a \
            version (and pin the digest for reproducibility).
            """,
        bad: """
            FROM ubuntu
            """,
        good: """
            FROM ubuntu:24.04
            """)
    static let hadolintCodes = ["DL3006"]

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let image = stage.baseImage, image.tag == nil, image.digest == nil else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "\(stage.base) has no tag: it means whatever `latest` is today",
                hint: "name a version: FROM \(stage.base):<version>")
        }
    }
}
