import Findings

/// `org.opencontainers.image.version` is not a semantic version, or `revision` is not a git commit SHA.
struct InvalidOciLabels: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0093", "invalid-oci-labels", .tagging, .warning,
        summary: "The OCI version label is not a semantic version, or the revision label is not a git SHA.",
        why: """
            The labels exist so people and tools can tell exactly what runs. `version=latest` or \
            `revision=main` say nothing; a semantic version (`1.4.2`) and a full or short commit SHA do. \
            Values with variables are not judged.
            """,
        bad: """
            FROM alpine:3.21
            LABEL org.opencontainers.image.version=latest org.opencontainers.image.revision=main
            """,
        good: """
            FROM alpine:3.21
            LABEL org.opencontainers.image.version=1.4.2 org.opencontainers.image.revision=3f2c1e9a7b
            """)

    /// `MAJOR.MINOR.PATCH` with optional `v`, pre-release and build metadata (semver.org §2, §9, §10).
    static func isSemanticVersion(_ text: String) -> Bool {
        var value = Substring(text)
        if value.hasPrefix("v") { value = value.dropFirst() }
        let core = value.prefix { $0 != "-" && $0 != "+" }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                && (part == "0" || !part.hasPrefix("0"))
        }
    }

    /// 7 to 40 (or 64, SHA-256 repositories) lower-case hexadecimal digits.
    static func isGitSHA(_ text: String) -> Bool {
        (7...64).contains(text.count) && text.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for instruction in context.shippedInstructions where instruction.keyword == "LABEL" {
            for pair in instruction.pairs {
                guard let value = pair.value, !isSymbolic(value), !value.isEmpty else { continue }
                switch pair.key.lowercased() {
                case MissingOciLabels.version where !Self.isSemanticVersion(value):
                    findings.append(
                        context.finding(
                            Self.descriptor, pair.range, "version label '\(value)' is not a semantic version",
                            hint: "use MAJOR.MINOR.PATCH, e.g. 1.4.2"))
                case MissingOciLabels.revision where !Self.isGitSHA(value):
                    findings.append(
                        context.finding(
                            Self.descriptor, pair.range, "revision label '\(value)' is not a git commit SHA",
                            hint: "use the commit SHA, e.g. from `git rev-parse HEAD`"))
                default: break
                }
            }
        }
        return findings
    }
}
