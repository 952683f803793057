import Findings

/// An instruction other than ARG comes before the first FROM (or there is no FROM at all).
struct InstructionBeforeFrom: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0123", "instruction-before-from", .correctness, .error,
        summary: "An instruction other than ARG comes before the first FROM.",
        why: """
            Only ARG may precede the first FROM (to parameterise it); anything else has no stage to run in \
            and BuildKit fails with "no build stage in current context".
            """,
        bad: """
            ENV APP_HOME=/app
            FROM alpine:3.21
            """,
        good: """
            FROM alpine:3.21
            ENV APP_HOME=/app
            """)
    static let hadolintCodes = ["DL3061"]

    func check(_ context: LintContext) -> [Finding] {
        context.dockerfile.globalInstructions.compactMap { instruction in
            guard instruction.keyword != "ARG", instruction.keyword != "FROM",
                [
                    "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
                    "WORKDIR", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
                ].contains(instruction.keyword)
            else { return nil }
            return context.finding(
                Self.descriptor, instruction.range,
                context.stages.isEmpty
                    ? "\(instruction.keyword) with no FROM in the file: there is no build stage"
                    : "\(instruction.keyword) before the first FROM: only ARG may come first",
                hint: "move it after FROM")
        }
    }
}
