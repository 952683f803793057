import Findings

/// An empty line inside a continued instruction.
struct NoEmptyContinuation: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0140", "no-empty-continuation", .correctness, .warning,
        summary: "An empty line continues an instruction; BuildKit deprecates this and will reject it.",
        why: """
            An empty line after a line ending in `\\` is still part of the instruction today, but BuildKit \
            warns that such lines will become errors in a future release (BuildKit: NoEmptyContinuation), and \
            a reader takes the empty line for the end of the instruction. Remove the empty line, or put a \
            comment there (comment lines do not count). Reported, as BuildKit does, once per instruction at \
            its last line.
            """,
        bad: """
            FROM alpine:3.22
            RUN apk add --no-cache \\

                curl
            """,
        good: """
            FROM alpine:3.22
            RUN apk add --no-cache \\
                curl
            """)
    static let buildkitChecks = ["NoEmptyContinuation"]

    func check(_ context: LintContext) -> [Finding] {
        let warnings = context.dockerfile.parserWarnings.filter { $0.kind == "empty-continuation" }
        guard !warnings.isEmpty else { return [] }
        var findings: [Finding] = []
        for instruction in context.dockerfile.instructions {
            let last = max(instruction.lastLine, instruction.range.line)
            guard
                warnings.contains(where: { $0.range.line > instruction.range.line && $0.range.line <= last })
            else { continue }
            let text = context.source.line(last)
            findings.append(
                context.finding(
                    Self.descriptor,
                    SourceRange(line: last, column: 1, endLine: last, endColumn: text.unicodeScalars.count + 1),
                    "\(instruction.keyword) has an empty continuation line",
                    hint: "remove the empty line, or make it a comment"))
        }
        return findings
    }
}
