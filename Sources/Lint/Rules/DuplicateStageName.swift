import Findings

/// Two stages have the same name (names compare case-insensitively).
struct DuplicateStageName: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0122", "duplicate-stage-name", .correctness, .error,
        summary: "Two stages share a name; BuildKit rejects the file.",
        why: """
            Stage names are how `COPY --from` and `--target` find stages, compared case-insensitively; \
            BuildKit refuses a file where two stages have the same name (DuplicateStageName).
            """,
        bad: """
            FROM golang:1.25 AS build
            RUN go version
            FROM node:22 AS BUILD
            RUN node --version
            """,
        good: """
            FROM golang:1.25 AS build-go
            RUN go version
            FROM node:22 AS build-web
            RUN node --version
            """)
    static let hadolintCodes = ["DL3024"]
    static let buildkitChecks = ["DuplicateStageName"]

    func check(_ context: LintContext) -> [Finding] {
        var seen: [String: Int] = [:]
        var findings: [Finding] = []
        for stage in context.stages {
            guard let name = stage.name, !isSymbolic(name) else { continue }
            if let line = seen[name.lowercased()] {
                findings.append(
                    context.finding(
                        Self.descriptor, stage.from.range, "stage name '\(name)' is already used on line \(line)",
                        hint: "give each stage a unique name"))
            } else {
                seen[name.lowercased()] = stage.from.range.line
            }
        }
        return findings
    }
}
