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
            // The first word (the text is trimmed, so it is not empty when there is a blank after it).
            let firstWord = text.prefix { $0 != " " && $0 != "\t" }
            guard !firstWord.isEmpty, firstWord.endIndex < text.endIndex, !firstWord.contains("=") else { return nil }
            return context.finding(
                Self.descriptor, instruction.range,
                "\(instruction.keyword) \(firstWord) uses the legacy `key value` form",
                hint: "write \(instruction.keyword) \(firstWord)=…")
        }
    }
}
