import Findings

/// Instruction keywords are written in mixed case, or in a case different from the rest of the file.
struct InconsistentInstructionCasing: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0131", "inconsistent-instruction-casing", .correctness, .info,
        summary: "Instruction keywords mix upper and lower case.",
        why: """
            Keywords are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Run`) is harder \
            to read and to grep. Keep one case — conventionally upper case (BuildKit: \
            ConsistentInstructionCasing).
            """,
        bad: """
            FROM alpine:3.21
            run apk add --no-cache curl
            """,
        good: """
            FROM alpine:3.21
            RUN apk add --no-cache curl
            """)
    static let buildkitChecks = ["ConsistentInstructionCasing"]

    static let keywords: Set<String> = [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ]

    func check(_ context: LintContext) -> [Finding] {
        // Unknown instructions are SS0126's; only real keywords count here.
        let instructions = context.dockerfile.instructions.filter { Self.keywords.contains($0.keyword) }
        let upper = instructions.filter { $0.keywordText == $0.keywordText.uppercased() }.count
        let lower = instructions.filter { $0.keywordText == $0.keywordText.lowercased() }.count
        let majorityUpper = upper >= lower
        return instructions.compactMap { instruction in
            let text = instruction.keywordText
            let isUpper = text == text.uppercased()
            let isLower = text == text.lowercased()
            if majorityUpper ? isUpper : isLower { return nil }
            return context.finding(
                Self.descriptor, instruction.headRange,
                "'\(text)' is not in the file's \(majorityUpper ? "upper" : "lower") case",
                hint: "write \(majorityUpper ? text.uppercased() : text.lowercased())")
        }
    }
}
