import Findings

/// The parser (like BuildKit) rejects part of the file.
struct SyntaxError: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0120", "syntax-error", .correctness, .error,
        summary: "BuildKit would reject this Dockerfile: a syntax error.",
        why: """
            The build fails here (an unterminated heredoc, a flag the instruction does not take, a missing \
            argument, a malformed directive, …). The rest of the file is still linted where it can be. \
            Unknown instructions, duplicate stage names and instructions before FROM have their own rules.
            """,
        bad: """
            FROM alpine:3.21
            COPY --chmod=755
            """,
        good: """
            FROM alpine:3.21
            COPY --chmod=755 run.sh /usr/local/bin/run.sh
            """)

    /// Parser error kinds that other rules report.
    static let coveredElsewhere: Set<String> = ["unknown-instruction", "duplicate-stage-name", "no-stage"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.syntaxErrors.compactMap { problem in
            guard !Self.coveredElsewhere.contains(problem.kind) else { return nil }
            return context.finding(Self.descriptor, problem.range, problem.message)
        }
    }
}
