import Findings

/// A line starts with a word that is not a Dockerfile instruction.
struct UnknownInstruction: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0126", "unknown-instruction", .correctness, .error,
        summary: "An unknown instruction: BuildKit stops the build here.",
        why: """
            Dockerfile instructions are a fixed set (FROM, RUN, COPY, …). Anything else — often a shell \
            command whose RUN was forgotten, or a continuation line missing its backslash — fails the build.
            """,
        bad: """
            FROM alpine:3.21
            RUN apk add --no-cache curl
            apk add --no-cache git
            """,
        good: """
            FROM alpine:3.21
            RUN apk add --no-cache curl \\
                git
            """)

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.syntaxErrors.filter { $0.kind == "unknown-instruction" }.map { problem in
            context.finding(
                Self.descriptor, problem.range, problem.message,
                hint: "a missing RUN, or a missing line continuation on the line before?")
        }
    }
}
