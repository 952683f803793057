extension RuleDescriptor {
    /// A Markdown page documenting `rules`: the title, the introduction, a table of every rule (linked to its
    /// section), then one section a practice, in `Practice.allCases` order, with each member's documentation.
    /// docs/rules.md (lint) and docs/image-checks.md (image checks) are both this page.
    ///
    /// - Parameter noRules: what a practice without rules says; `nil` leaves its section out.
    public static func markdownPage(
        _ rules: [RuleDescriptor], title: String, introduction: String, noRules: (Practice) -> String?
    ) -> String {
        var out = "# \(title)\n\n\(introduction)\n\n"
        out += "| id | name | practice | severity | summary |\n|---|---|---|---|---|\n"
        for rule in rules {
            out += "| [\(rule.id)](#\(rule.anchor)) | `\(rule.name)` | `\(rule.practice.rawValue)` "
            out += "| \(rule.severity.rawValue) | \(rule.summary.replacing("|", with: "\\|")) |\n"
        }
        for practice in Practice.allCases {
            let members = rules.filter { $0.practice == practice }
            if members.isEmpty {
                guard let text = noRules(practice) else { continue }
                out += "\n## \(practice.rawValue): \(practice.summary)\n\n\(text)\n"
                continue
            }
            out += "\n## \(practice.rawValue): \(practice.summary)\n\n"
            for rule in members {
                out += "### \(rule.id) \(rule.name)\n\n*\(rule.severity.rawValue)*\n\n\(rule.documentation)\n"
            }
        }
        return out
    }

    /// The anchor of the rule's section heading (`### ID name`) as GitHub renders it.
    var anchor: String { "\(id.lowercased())-\(name)" }
}
