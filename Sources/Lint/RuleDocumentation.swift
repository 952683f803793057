import Findings

extension RuleDescriptor {
    /// A descriptor whose documentation is assembled from its parts, in the one format `explain`, docs/rules.md
    /// and SARIF show: the summary, why it matters, a bad and a good example.
    public static func rule(
        _ id: String, _ name: String, _ practice: Practice, _ severity: Severity, summary: String, why: String,
        bad: String, good: String, fix: String? = nil
    ) -> RuleDescriptor {
        var documentation = "\(summary)\n\n**Why:** \(why)\n\n"
        documentation += "**Bad:**\n\n```dockerfile\n\(bad)\n```\n\n**Good:**\n\n```dockerfile\n\(good)\n```\n"
        if let fix { documentation += "\n**Fix:** \(fix)\n" }
        return RuleDescriptor(
            id: id, name: name, practice: practice, severity: severity, summary: summary,
            documentation: documentation)
    }

    /// The Dockerfile of the documentation's **Bad** example.
    public var badExample: String? { example(after: "**Bad:**") }
    /// The Dockerfile of the documentation's **Good** example.
    public var goodExample: String? { example(after: "**Good:**") }

    private func example(after heading: String) -> String? {
        guard let headingRange = documentation.firstRange(of: heading),
            let open = documentation[headingRange.upperBound...].firstRange(of: "```dockerfile\n"),
            let close = documentation[open.upperBound...].firstRange(of: "\n```")
        else { return nil }
        return String(documentation[open.upperBound..<close.lowerBound])
    }
}

/// docs/rules.md and `shipshape explain`, generated from the registry.
public enum RuleDocs {
    /// One rule's page for `shipshape explain`.
    public static func explain(_ rule: RuleDescriptor) -> String {
        "\(rule.id) \(rule.name)\npractice: \(rule.practice.rawValue) (\(rule.practice.summary))\n"
            + "default severity: \(rule.severity.rawValue)\n\n\(rule.documentation)"
    }

    /// The policy every rule's default severity follows (the top of docs/rules.md).
    public static let severityPolicy = """
        ## Severity policy

        The default threshold (`--fail-on warning`) fails a build on warnings and errors, so a rule's default \
        severity says whether its finding is worth failing a build for:

        - **error**: the build breaks (BuildKit rejects the file, a stage or instruction that cannot work), or the \
          image is dangerous to ship (a credential in it, TLS or signature checks switched off).
        - **warning**: a practice violation an engineer should fix in this file (an end-of-life or moving base, a \
          supervisor as PID 1, a tool the image does not need, a world-writable path).
        - **info**: advice: true and worth knowing, but whether to act depends on things the file does not show \
          (the platform that runs the image, the organisation's conventions), or the fix is cosmetic (legacy \
          syntax, casing, labels, digests).

        No rule at warning or error may fire on more than a third of the real files of the shared corpus unless \
        a review finds at least 90 % of its findings true ([precision.md](precision.md) has the review and \
        `bench/precision.sh` the counts). `.shipshape.yml` re-levels any rule (`severity: {root-user: warning}`).
        """

    /// The whole docs/rules.md.
    public static func markdown(_ rules: [RuleDescriptor]) -> String {
        RuleDescriptor.markdownPage(
            rules, title: "Shipshape lint rules",
            introduction: "Generated from the rules' documentation by `shipshape rules --kind lint --format markdown`; "
                + "a test keeps it current. Every rule names one practice of PRODUCT.md. Disable or re-level rules in "
                + "`.shipshape.yml`; suppress one instruction with `# shipshape ignore=ID`. The checks "
                + "`shipshape inspect` runs on a built image (SS1xxx) are in [image-checks.md](image-checks.md).\n\n"
                + severityPolicy
        ) { practice in
            practice == .vulnerabilities
                ? "No Dockerfile rule: known vulnerabilities live in installed package versions, which only the "
                    + "built image shows (`shipshape scan`)."
                : "No rules yet."
        }
    }
}
