import Findings

/// A base image is referenced by tag only, not pinned to a digest.
struct UnpinnedBaseDigest: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0102", "unpinned-base-digest", .publicImages, .info,
        summary: "A base image is not pinned to a digest (`@sha256:…`).",
        why: """
            Tags are mutable: the publisher (or whoever takes over their account) can point `1.2` at different \
            content. A digest names exact bytes, so the build is reproducible and a swapped image fails to \
            pull. Keep the tag for readers and let a bot (Renovate, Dependabot) update the digest.
            """,
        bad: """
            FROM alpine:3.21
            """,
        good: """
            FROM alpine:3.21@sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c
            """)

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let image = stage.baseImage, image.digest == nil, image.tag != nil else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "\(stage.base) is not pinned to a digest",
                hint: "pin it: FROM \(stage.base)@sha256:<digest>")
        }
    }
}
