import Findings

/// `RUN cd /dir && …` where WORKDIR says it once for every later instruction.
struct CdInRun: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0134", "cd-in-run", .correctness, .info,
        summary: "`RUN cd …` changes directory for one RUN only; WORKDIR is clearer.",
        why: """
            A `cd` lasts only until the end of its RUN, so later instructions silently run elsewhere; WORKDIR \
            sets the directory for everything after it, CMD included. Not reported for `cd` into a \
            temporary or variable directory, or `cd -`.
            """,
        bad: """
            FROM node:22-slim
            RUN cd /app && npm ci
            """,
        good: """
            FROM node:22-slim
            WORKDIR /app
            RUN npm ci
            """)
    static let hadolintCodes = ["DL3003"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            for instruction in stage.instructions where instruction.keyword == "RUN" {
                guard let first = instruction.commands.first, first.name == "cd",
                    let target = first.arguments.first, target.hasPrefix("/"), !isSymbolic(target),
                    !target.hasPrefix("/tmp")
                else { continue }
                findings.append(
                    context.finding(
                        Self.descriptor, first.range, "`cd \(target)` only lasts for this RUN",
                        hint: "use WORKDIR \(target)"))
            }
        }
        return findings
    }
}
