import Findings

/// A lint rule: a descriptor (id, name, practice, default severity, documentation) and a check.
///
/// Adding a rule is one file in `Rules/` (the type named after the rule, its documentation right below its doc
/// comment), one line in `RuleRegistry.all`, and one test file in `Tests/LintTests/Rules/`.
public protocol Rule: Sendable {
    static var descriptor: RuleDescriptor { get }
    /// The hadolint checks this rule matches, so `# hadolint ignore=DL3008` comments keep working.
    static var hadolintCodes: [String] { get }
    /// The BuildKit build checks this rule matches (`JSONArgsRecommended`), so `# check=skip=…` directives keep
    /// working and `explain` names them.
    static var buildkitChecks: [String] { get }
    /// Which of `buildkitChecks` a finding of this rule is (a rule that covers two checks tells them apart).
    static func buildkitCheck(of finding: Finding) -> String?
    /// The findings for one Dockerfile. Use `context.finding(…)` to make them: it fills in the file and rule.
    func check(_ context: LintContext) -> [Finding]
}

extension Rule {
    public var descriptor: RuleDescriptor { Self.descriptor }
    public static var hadolintCodes: [String] { [] }
    public static var buildkitChecks: [String] { [] }
    public static func buildkitCheck(of finding: Finding) -> String? { buildkitChecks.first }
}
