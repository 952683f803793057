import Findings

/// A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK: only the last counts.
struct MultipleCmd: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0014", "multiple-cmd", .oneApp, .warning,
        summary: "A stage has several CMD, ENTRYPOINT or HEALTHCHECK instructions; only the last one takes effect.",
        why: """
            Docker keeps only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage. More than one usually means \
            an attempt to start two programs, which does not work — or a leftover that misleads the reader. \
            BuildKit reports the same (MultipleInstructionsDisallowed).
            """,
        bad: """
            FROM python:3.13-slim
            CMD ["celery", "worker"]
            CMD ["gunicorn", "app:app"]
            """,
        good: """
            FROM python:3.13-slim
            CMD ["gunicorn", "app:app"]
            """)
    static let hadolintCodes = ["DL4003", "DL4004", "DL3012"]
    static let buildkitChecks = ["MultipleInstructionsDisallowed"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            for keyword in ["CMD", "ENTRYPOINT", "HEALTHCHECK"] {
                let all = stage.instructions(keyword)
                guard all.count > 1 else { continue }
                for instruction in all.dropLast() {
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            "this \(keyword) is overridden by the one on line \(all.last?.range.line ?? 0)",
                            hint: "keep one \(keyword) per stage"))
                }
            }
        }
        return findings
    }
}
