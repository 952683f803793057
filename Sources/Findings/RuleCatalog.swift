/// A fixed list of rules declared in one place: inspect's image checks (SS1xxx) and probe's run-time findings
/// (SS2xxx). `all` is the only list; `shipshape rules` and `explain` read it, SARIF carries it, and lookups by id
/// or name come from here. (Lint's Dockerfile rules have their own registry, with code a rule.)
public protocol RuleCatalog {
    /// Every rule of the catalog, in id order.
    static var all: [RuleDescriptor] { get }
}

extension RuleCatalog {
    /// A rule of the catalog: its documentation is the summary, a blank line and the body.
    public static func rule(
        _ id: String, _ name: String, _ practice: Practice, _ severity: Severity, _ summary: String, _ body: String
    ) -> RuleDescriptor {
        RuleDescriptor(
            id: id, name: name, practice: practice, severity: severity, summary: summary,
            documentation: "\(summary)\n\n\(body)\n")
    }

    /// The rule with this id.
    public static func rule(id: String) -> RuleDescriptor? { all.first { $0.id == id } }

    /// The rule with this id (any case) or name.
    public static func rule(named idOrName: String) -> RuleDescriptor? {
        all.first { $0.id.lowercased() == idOrName.lowercased() || $0.name == idOrName }
    }
}
