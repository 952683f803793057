import Findings

/// WORKDIR is a relative path with no absolute WORKDIR before it in the stage.
struct RelativeWorkdir: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0125", "relative-workdir", .correctness, .warning,
        summary: "A relative WORKDIR depends on the base image's working directory.",
        why: """
            A relative WORKDIR is resolved against whatever working directory the base image sets, so the \
            files land elsewhere when the base changes. Use an absolute path (BuildKit: \
            WorkdirRelativePath).
            """,
        bad: """
            FROM node:22-slim
            WORKDIR app
            """,
        good: """
            FROM node:22-slim
            WORKDIR /app
            """)
    static let hadolintCodes = ["DL3000"]
    static let buildkitChecks = ["WorkdirRelativePath"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        var absoluteIn: Set<Int> = []
        for stage in context.stages {
            var hasAbsolute = stage.baseStage.map { absoluteIn.contains($0) } ?? false
            for instruction in stage.instructions where instruction.keyword == "WORKDIR" {
                let path = instruction.words.first ?? instruction.text
                if path.hasPrefix("/") || isSymbolic(path) || path.contains(":") || path.hasPrefix("\\") {
                    hasAbsolute = true
                    continue
                }
                if !hasAbsolute {
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            "WORKDIR \(path) is relative to the base image's directory",
                            hint: "use an absolute path: WORKDIR /\(path)"))
                }
            }
            if hasAbsolute { absoluteIn.insert(stage.index) }
        }
        return findings
    }
}
