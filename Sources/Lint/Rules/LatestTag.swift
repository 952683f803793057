import Findings

/// FROM uses the `latest` tag.
struct LatestTag: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0091", "latest-tag", .tagging, .warning,
        summary: "FROM uses the `latest` tag, which moves.",
        why: """
            `latest` is just the tag pushed last: builds are not reproducible and the base can jump a major \
            version without notice. Name the version you tested with.
            """,
        bad: """
            FROM node:latest
            """,
        good: """
            FROM node:22-slim
            """)
    static let hadolintCodes = ["DL3007"]

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let image = stage.baseImage, image.tag?.lowercased() == "latest", image.digest == nil else {
                return nil
            }
            return context.finding(
                Self.descriptor, stage.from.range, "\(stage.base) uses `latest`, which moves",
                hint: "name the version you tested with")
        }
    }
}
