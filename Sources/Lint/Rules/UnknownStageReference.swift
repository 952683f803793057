import Findings

/// `COPY --from`, `ADD --from` or `RUN --mount=from=` names a stage that does not exist before this one.
struct UnknownStageReference: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0121", "unknown-stage-reference", .correctness, .error,
        summary: "`--from` names a stage that is not defined before this point.",
        why: """
            `--from` takes a stage defined earlier (by name or index) or an image. A name that is neither — \
            typically a typo, or a stage defined later — makes BuildKit try to pull an image of that name \
            from Docker Hub and fail, or worse, succeed with someone else's image. Values with `/`, `:` or \
            `.` are taken as images and not reported.
            """,
        bad: """
            FROM golang:1.25 AS build
            RUN go version
            FROM alpine:3.21
            COPY --from=biuld /app /app
            """,
        good: """
            FROM golang:1.25 AS build
            RUN go version
            FROM alpine:3.21
            COPY --from=build /app /app
            """)
    static let hadolintCodes = ["DL3022", "DL3023"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            for instruction in stage.instructions {
                for reference in instruction.fromReferences where !isSymbolic(reference) {
                    if reference.contains("/") || reference.contains(":") || reference.contains(".")
                        || reference.contains("@")
                    {
                        continue
                    }
                    if let number = Int(reference) {
                        if number >= stage.index {
                            findings.append(
                                context.finding(
                                    Self.descriptor, instruction.range,
                                    "--from=\(number) is not an earlier stage (this is stage \(stage.index))"))
                        }
                        continue
                    }
                    if context.stage(named: reference, before: stage.index) != nil { continue }
                    let later = context.stages.dropFirst(stage.index).contains {
                        $0.name?.lowercased() == reference.lowercased()
                    }
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            later
                                ? "stage '\(reference)' is defined after the stage that uses it"
                                : "no stage named '\(reference)': BuildKit would pull an image called '\(reference)'",
                            hint: later ? "move the stage before this one" : "check the stage name"))
                }
            }
        }
        return findings
    }
}
