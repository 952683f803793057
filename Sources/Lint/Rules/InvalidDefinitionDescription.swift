import Findings

/// The comment right above a named FROM or an ARG does not start with the stage's or the argument's name.
struct InvalidDefinitionDescription: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0144", "invalid-definition-description", .correctness, .info,
        summary: "The comment right above a named stage or an ARG does not start with its name.",
        why: """
            `docker build --call=outline` and `--call=targets` show the comment right above a FROM or ARG as \
            the description of the stage or argument when it starts with the name: `# VERSION the release to \
            build` above `ARG VERSION`. A comment there that starts otherwise is shown as nothing (BuildKit: \
            InvalidDefinitionDescription, an experimental check). Start it with the name, or put an empty line \
            or a bare `#` between the comment and the instruction if it is not a description. Like BuildKit, \
            only where the file asks for it: `# check=experimental=InvalidDefinitionDescription` (or `=all`).
            """,
        bad: """
            # check=experimental=InvalidDefinitionDescription
            # the version to build
            ARG VERSION=1.4
            FROM alpine:3.22
            """,
        good: """
            # check=experimental=InvalidDefinitionDescription
            # VERSION the version to build
            ARG VERSION=1.4
            FROM alpine:3.22
            """)
    static let buildkitChecks = ["InvalidDefinitionDescription"]

    func check(_ context: LintContext) -> [Finding] {
        guard BuildCheckDirectives.enables(experimental: "InvalidDefinitionDescription", in: context.dockerfile)
        else { return [] }
        var findings: [Finding] = []
        let first = context.dockerfile.instructions.first?.range.line ?? Int.max
        for instruction in context.dockerfile.instructions {
            let keys: [String]
            switch instruction.keyword {
            case "ARG": keys = instruction.pairs.map(\.key)
            case "FROM":
                guard let stage = context.stages.first(where: { $0.from.startOffset == instruction.startOffset }),
                    let name = stage.name
                else { continue }
                keys = [name.lowercased()]
            default: continue
            }
            guard !keys.isEmpty, instruction.range.line > 1 else { continue }
            let line = instruction.range.line - 1
            let text = context.source.line(line).trimmingLeadingWhitespace()
            guard text.hasPrefix("#") else { continue }
            let comment = String(text.dropFirst()).trimmingBlanks()
            // A bare `#` ends a description; a parser directive at the top is no comment.
            if comment.isEmpty { continue }
            if line < first,
                ["syntax", "escape", "check"].contains(where: {
                    BuildCheckDirectives.directiveValue(comment, name: $0) != nil
                })
            {
                continue
            }
            let word = comment.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if keys.contains(String(word)) { continue }
            let example = keys.count > 1 ? "<arg_key>" : keys[0]
            findings.append(
                context.finding(
                    Self.descriptor, instruction.range,
                    "the comment above \(instruction.keyword) should read `# \(example) <description>`",
                    hint: "start the comment with the name, or separate it with an empty line"))
        }
        return findings
    }
}
