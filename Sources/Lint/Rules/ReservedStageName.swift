import Findings

/// A stage is called `scratch` or `context`, names BuildKit reserves.
struct ReservedStageName: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0137", "reserved-stage-name", .correctness, .error,
        summary: "A stage is named `scratch` or `context`, which BuildKit reserves.",
        why: """
            `scratch` is the empty image and `context` the build context; a stage with either name cannot be \
            referred to reliably (BuildKit: ReservedStageName).
            """,
        bad: """
            FROM alpine:3.21 AS scratch
            """,
        good: """
            FROM alpine:3.21 AS base
            """)
    static let buildkitChecks = ["ReservedStageName"]

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let name = stage.name, ["scratch", "context"].contains(name.lowercased()) else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "'\(name)' is a reserved name", hint: "rename the stage")
        }
    }
}
