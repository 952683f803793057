import Findings

/// COPY or ADD names a build-context path that `.dockerignore` excludes.
struct CopyIgnoredFile: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0141", "copy-ignored-file", .correctness, .warning,
        summary: "COPY/ADD names a file that `.dockerignore` excludes from the build context.",
        why: """
            Files `.dockerignore` matches are not sent to the builder, so a COPY or ADD of one fails with \
            "not found", or silently copies less than it says (BuildKit: CopyIgnoredFile). Judged as BuildKit does: the `.dockerignore` beside the Dockerfile (or \
            `NAME.dockerignore` for a Dockerfile called NAME, which takes precedence), taking the Dockerfile's \
            directory as the build context; not at all when the file has `!` exceptions, which cannot be \
            judged without the files. Only sources from the context: not `--from`, URLs or heredocs.
            """,
        bad: """
            FROM alpine:3.22
            COPY local.env /etc/app.env
            # with a .dockerignore that lists *.env
            """,
        good: """
            FROM alpine:3.22
            COPY config/app.conf /etc/app.conf
            """)
    static let buildkitChecks = ["CopyIgnoredFile"]

    /// Whether `src` is a source BuildKit reads from the build context.
    static func isContextSource(_ source: String) -> Bool {
        let lowered = source.lowercased()
        return !source.isEmpty && !isSymbolic(source) && !source.hasPrefix("<<")
            && !["http://", "https://", "git@", "git://", "ssh://"].contains { lowered.hasPrefix($0) }
    }

    /// BuildKit's `copySourceRootIgnored`: a pattern that excludes every entry of the context.
    static func ignoresRoot(_ ignore: DockerIgnore) -> Bool {
        ignore.patterns.contains { !$0.isExclusion && ["*", "**", "**/*"].contains($0.text) }
    }

    func check(_ context: LintContext) -> [Finding] {
        guard let probe = context.buildContext else { return [] }
        let copies = context.stages.flatMap(\.instructions).filter {
            ["COPY", "ADD"].contains($0.keyword) && !$0.hasFlag("from")
        }
        guard !copies.isEmpty else { return [] }
        let name = context.path.split(separator: "/").last.map(String.init) ?? "Dockerfile"
        guard let text = probe.readFile(name + ".dockerignore") ?? probe.readFile(".dockerignore") else { return [] }
        let ignore = DockerIgnore(text: text)
        guard !ignore.patterns.isEmpty, !ignore.hasExclusions else { return [] }
        var findings: [Finding] = []
        for instruction in copies {
            let arguments = instruction.execForm ?? instruction.words
            for source in arguments.dropLast() where Self.isContextSource(source) {
                let cleaned = DockerIgnore.clean(source)
                if cleaned == "." || cleaned == "/" {
                    guard Self.ignoresRoot(ignore) else { continue }
                }
                guard ignore.matchesOrParentMatches(cleaned) else { continue }
                findings.append(
                    context.finding(
                        Self.descriptor, instruction.range,
                        "\(instruction.keyword) source '\(cleaned)' is excluded by .dockerignore",
                        hint: "remove the pattern from .dockerignore, or do not copy the file"))
            }
        }
        return findings
    }
}
