import Findings

/// Shared check of the `no-tools` rules: packages of a kind installed in the shipped stages and not removed.
enum ToolPackages {
    static func findings(
        _ context: LintContext, rule: RuleDescriptor, packages: Set<String>, prefixes: [String] = [], kind: String,
        hint: String
    ) -> [Finding] {
        context.shippedPackages { name in
            packages.contains(name) || prefixes.contains { name.hasPrefix($0) }
        }.map { install, names in
            context.finding(
                rule, install.command.range,
                "\(names.joined(separator: ", ")) (\(kind)) is installed in the final image", hint: hint)
        }
    }
}
