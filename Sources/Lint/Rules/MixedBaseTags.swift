import Findings

/// Stages of one Dockerfile use different tags of the same base image where one would do.
struct MixedBaseTags: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0080", "mixed-base-tags", .sharedLayers, .info,
        summary: "Stages of one Dockerfile use different tags of the same base image, so their layers are not shared.",
        why: """
            Images that start from the same base share its layers: a host or registry pulls and stores them \
            once. Two tags of one image (`node:20` and `node:22`, `debian:bookworm` and `debian:12.7`) share \
            nothing. Settle on one tag per base in a file. Only the stages of one file are compared: a finding \
            about a file depends on that file, not on which other files are linted in the same run (`shipshape \
            layers` measures what several images share).
            """,
        bad: """
            FROM golang:1.24 AS build
            RUN go version
            FROM golang:1.25 AS test
            RUN go version
            """,
        good: """
            FROM golang:1.25 AS build
            RUN go version
            FROM golang:1.25 AS test
            RUN go version
            """)

    func check(_ context: LintContext) -> [Finding] {
        var first: [String: (tag: String, line: Int)] = [:]
        var findings: [Finding] = []
        for stage in context.stages {
            guard let image = stage.baseImage, image.digest == nil else { continue }
            let tag = image.tag ?? "latest"
            if isSymbolic(tag) { continue }
            let name = image.canonicalName
            if let earlier = first[name] {
                if earlier.tag != tag {
                    findings.append(
                        context.finding(
                            Self.descriptor, stage.from.range,
                            "\(image.repository):\(tag) differs from \(image.repository):\(earlier.tag) on line \(earlier.line); the stages share no base layers",
                            hint: "use one tag of \(image.repository) throughout"))
                }
            } else {
                first[name] = (tag, stage.from.range.line)
            }
        }
        return findings
    }
}
