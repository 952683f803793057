import Findings

/// A base image is not in the configured `allowed-base-images`.
struct BaseNotAllowed: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0101", "base-not-allowed", .publicImages, .error,
        summary: "A base image is not one of the configured `allowed-base-images`.",
        why: """
            Organisations keep a short list of approved bases (patched, scanned, shared so layers are reused). \
            When `.shipshape.yml` lists them (`name`, `name:tag`, or globs such as `gcr.io/distroless/*`), \
            every FROM must match one. Only checked when the list is configured.
            """,
        bad: """
            # .shipshape.yml: allowed-base-images: ["debian:bookworm-slim"]
            FROM fedora:41
            """,
        good: """
            # .shipshape.yml: allowed-base-images: ["debian:bookworm-slim"]
            FROM debian:bookworm-slim
            """)

    func check(_ context: LintContext) -> [Finding] {
        let allowed = context.configuration.allowedBaseImages
        guard !allowed.isEmpty else { return [] }
        return context.stages.compactMap { stage in
            guard let image = stage.baseImage else { return nil }
            let withoutDigest = stage.base.split(separator: "@").first.map(String.init) ?? stage.base
            let candidates = [stage.base, withoutDigest, image.repository, image.registry + "/" + image.repository]
            let ok = allowed.contains { pattern in candidates.contains { Glob.matches(pattern, $0) } }
            guard !ok else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "\(stage.base) is not an allowed base image",
                hint: "use one of: \(allowed.joined(separator: ", "))")
        }
    }
}
