import Findings

/// `FROM … as name` with the keywords in different cases.
struct FromAsCasing: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0128", "from-as-casing", .correctness, .info,
        summary: "The `AS` keyword's case does not match the `FROM` keyword's.",
        why: """
            `FROM image as name` mixes cases; keep `AS` in the same case as `FROM` (BuildKit: FromAsCasing).
            """,
        bad: """
            FROM golang:1.25 as build
            """,
        good: """
            FROM golang:1.25 AS build
            """)
    static let buildkitChecks = ["FromAsCasing"]

    func check(_ context: LintContext) -> [Finding] {
        context.stages.compactMap { stage in
            let words = stage.from.words
            guard let asWord = words.first(where: { $0.lowercased() == "as" }) else { return nil }
            let keyword = stage.from.keywordText
            let keywordUpper = keyword == keyword.uppercased()
            let keywordLower = keyword == keyword.lowercased()
            if keywordUpper && asWord == "AS" || keywordLower && asWord == "as" { return nil }
            if !keywordUpper && !keywordLower { return nil }
            return context.finding(
                Self.descriptor, stage.from.range, "'\(asWord)' and '\(keyword)' are in different cases",
                hint: keywordUpper ? "write AS" : "write as")
        }
    }
}
