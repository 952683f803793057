import Findings

/// `COPY --from=registry/image` (or `ADD --from`, `RUN --mount=from=`) of an image with neither tag nor digest.
struct CopyFromUntaggedImage: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0094", "copy-from-untagged-image", .tagging, .warning,
        summary: "`COPY --from` takes files from an image with no tag or digest: whatever `latest` is today.",
        why: """
            `--from` with an image reference pulls that image at build time, like FROM. Without a tag it is \
            `latest`, so the same Dockerfile copies different files from one build to the next, and a \
            compromised or broken `latest` goes straight into the image. Name a version, better a digest. \
            Judged when the value is an image reference (it has a `/`, a registry or a tag separator) and \
            not a stage of the file; a single word that is no stage is SS0121's case.
            """,
        bad: """
            FROM debian:bookworm-slim
            COPY --from=ghcr.io/astral-sh/uv /uv /usr/local/bin/uv
            """,
        good: """
            FROM debian:bookworm-slim
            COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /usr/local/bin/uv
            """)

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            for instruction in stage.instructions {
                for reference in instruction.fromReferences where !isSymbolic(reference) && reference.contains("/") {
                    if Int(reference) != nil { continue }
                    if context.stages.contains(where: { $0.name?.lowercased() == reference.lowercased() }) {
                        continue
                    }
                    guard let image = BaseImage(reference), image.tag == nil, image.digest == nil,
                        !image.repository.isEmpty
                    else { continue }
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            "--from=\(reference) has no tag: it copies from whatever `latest` is today",
                            hint: "name a version or a digest: --from=\(reference):<version>"))
                }
            }
        }
        return findings
    }
}
