import Findings

/// A stage name has upper-case letters.
struct StageNameCasing: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0127", "stage-name-casing", .correctness, .info,
        summary: "Stage names should be lower-case.",
        why: """
            Stage names are matched case-insensitively, so `Build` and `build` are the same stage; writing \
            them in lower case avoids confusing them with image names (BuildKit: StageNameCasing).
            """,
        bad: """
            FROM golang:1.25 AS Builder
            """,
        good: """
            FROM golang:1.25 AS builder
            """)
    static let buildkitChecks = ["StageNameCasing"]

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            guard let name = stage.name, !isSymbolic(name), name != name.lowercased() else { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "stage name '\(name)' should be lower-case",
                hint: "AS \(name.lowercased())")
        }
    }
}
