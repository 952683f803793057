import Findings

/// MAINTAINER is deprecated.
struct MaintainerDeprecated: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0130", "maintainer-deprecated", .correctness, .info,
        summary: "MAINTAINER is deprecated; use the `org.opencontainers.image.authors` label.",
        why: """
            MAINTAINER was deprecated in Docker 1.13 and is not part of the OCI image configuration; a label \
            carries the same information where tools look for it (BuildKit: MaintainerDeprecated).
            """,
        bad: """
            FROM alpine:3.21
            MAINTAINER Jane Doe <jane@example.com>
            """,
        good: """
            FROM alpine:3.21
            LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
            """)
    static let hadolintCodes = ["DL4000"]
    static let buildkitChecks = ["MaintainerDeprecated"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.filter { $0.keyword == "MAINTAINER" }.map { instruction in
            context.finding(
                Self.descriptor, instruction.range, "MAINTAINER is deprecated",
                hint: "LABEL org.opencontainers.image.authors=\"\(instruction.text.trimmingBlanks())\"")
        }
    }
}
