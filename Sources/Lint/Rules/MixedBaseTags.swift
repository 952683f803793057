import Findings

/// Stages (or Dockerfiles linted together) use different tags of the same base image where one would do.
struct MixedBaseTags: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0080", "mixed-base-tags", .sharedLayers, .info,
        summary: "Stages or Dockerfiles use different tags of the same base image, so their layers are not shared.",
        why: """
            Images that start from the same base share its layers: a host or registry pulls and stores them \
            once. Two tags of one image (`node:20` and `node:22`, `debian:bookworm` and `debian:12.7`) share \
            nothing. Settle on one tag per base across a file and across an organisation's Dockerfiles (when \
            several Dockerfiles are linted together, they are compared too).
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

    /// The same check across several Dockerfiles linted together: each file's bases against the most used tag.
    static func acrossFiles(_ files: [LintSummary]) -> [Finding] {
        var uses: [String: [String: [(path: String, image: BaseImage, from: SourceRange)]]] = [:]
        for file in files {
            for (image, from) in file.bases {
                guard image.digest == nil else { continue }
                let tag = image.tag ?? "latest"
                if isSymbolic(tag) { continue }
                uses[image.canonicalName, default: [:]][tag, default: []].append((file.path, image, from))
            }
        }
        var findings: [Finding] = []
        for (_, tags) in uses.sorted(by: { $0.key < $1.key }) where tags.count > 1 {
            let files = Set(tags.values.flatMap { $0.map(\.path) })
            guard files.count > 1 else { continue }
            let common = tags.max { a, b in
                a.value.count == b.value.count ? a.key > b.key : a.value.count < b.value.count
            }
            guard let common else { continue }
            for (tag, entries) in tags where tag != common.key {
                for (path, image, from) in entries {
                    findings.append(
                        Finding(
                            descriptor,
                            message:
                                "\(image.repository):\(tag) differs from \(image.repository):\(common.key) used by \(common.value.count) other stage(s) linted together",
                            hint: "use one tag of \(image.repository) across your Dockerfiles", file: path, range: from)
                    )
                }
            }
        }
        return findings
    }
}
