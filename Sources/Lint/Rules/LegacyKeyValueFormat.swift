import Findings

/// `ENV key value` / `LABEL key value` in the legacy space-separated form.
struct LegacyKeyValueFormat: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0135", "legacy-key-value-format", .correctness, .info,
        summary: "`ENV key value` (without `=`) is the legacy form.",
        why: """
            In the legacy form everything after the first space is the value, so `ENV A 1 B 2` sets A to \
            "1 B 2". The `key=value` form says what is meant and allows several pairs (BuildKit: \
            LegacyKeyValueFormat).
            """,
        bad: """
            FROM alpine:3.21
            ENV APP_HOME /app
            """,
        good: """
            FROM alpine:3.21
            ENV APP_HOME=/app
            """)
    static let buildkitChecks = ["LegacyKeyValueFormat"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.instructions.compactMap { instruction in
            guard instruction.keyword == "ENV" || instruction.keyword == "LABEL" else { return nil }
            let text = instruction.text.trimmingBlanks()
            guard let firstWord = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
                !firstWord.contains("="), text.contains(where: { $0 == " " || $0 == "\t" })
            else { return nil }
            return context.finding(
                Self.descriptor, instruction.range,
                "\(instruction.keyword) \(firstWord) uses the legacy `key value` form",
                hint: "write \(instruction.keyword) \(firstWord)=…")
        }
    }
}
