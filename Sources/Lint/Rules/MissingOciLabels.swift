import Findings

/// The final stage does not set `org.opencontainers.image.version` / `revision`.
struct MissingOciLabels: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0092", "missing-oci-labels", .tagging, .info,
        summary: "The final stage has no `org.opencontainers.image.version` / `revision` labels.",
        why: """
            Tags move; labels travel with the image. With the OCI version and revision labels anyone can tell \
            which release and which commit a running container is, from `docker inspect` or a registry UI. \
            Pass them as build arguments from CI.
            """,
        bad: """
            FROM alpine:3.21
            CMD ["/app"]
            """,
        good: """
            FROM alpine:3.21
            ARG VERSION
            ARG REVISION
            LABEL org.opencontainers.image.version=$VERSION org.opencontainers.image.revision=$REVISION
            CMD ["/app"]
            """)

    static let version = "org.opencontainers.image.version"
    static let revision = "org.opencontainers.image.revision"

    func check(_ context: LintContext) -> [Finding] {
        guard let final = context.finalStage else { return [] }
        let keys = Set(
            context.shippedInstructions.filter { $0.keyword == "LABEL" }.flatMap {
                $0.pairs.map { $0.key.lowercased() }
            })
        let missing = [Self.version, Self.revision].filter { !keys.contains($0) }
        guard !missing.isEmpty else { return [] }
        return [
            context.finding(
                Self.descriptor, final.from.range, "the final image has no \(missing.joined(separator: " or ")) label",
                hint:
                    "LABEL \(missing.map { "\($0)=$\($0 == Self.version ? "VERSION" : "REVISION")" }.joined(separator: " ")) with ARGs set by CI"
            )
        ]
    }
}
