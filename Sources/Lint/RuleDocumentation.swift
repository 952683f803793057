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

    /// The whole docs/rules.md.
    public static func markdown(_ rules: [RuleDescriptor]) -> String {
        RuleDescriptor.markdownPage(
            rules, title: "Shipshape lint rules",
            introduction: "Generated from the rules' documentation by `shipshape rules --kind lint --format markdown`; "
                + "a test keeps it current. Every rule names one practice of PRODUCT.md. Disable or re-level rules in "
                + "`.shipshape.yml`; suppress one instruction with `# shipshape ignore=ID`. The checks "
                + "`shipshape inspect` runs on a built image (SS1xxx) are in [image-checks.md](image-checks.md)."
        ) { practice in
            practice == .vulnerabilities
                ? "No Dockerfile rule: known vulnerabilities live in installed package versions, which only the "
                    + "built image shows (`shipshape scan`)."
                : "No rules yet."
        }
    }
}
