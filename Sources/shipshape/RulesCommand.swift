import ArgumentParser
import Findings
import ImageAnalysis
import Lint

/// `shipshape rules`: every rule with its id, name, practice and default severity: the Dockerfile rules of `lint`
/// (SS0xxx) and the image checks of `inspect` (SS1xxx).
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract:
            "List the rules (id, name, practice, default severity): lint's Dockerfile rules and inspect's image checks."
    )

    @Option(help: "Output format: text, json or markdown (docs/rules.md for lint, docs/image-checks.md for image).")
    var format: String = "text"

    @Option(help: "Only the rules of this practice.")
    var practice: String?

    @Option(help: "Which rules: lint (Dockerfile rules, SS0xxx), image (inspect's image checks, SS1xxx) or all.")
    var kind: String = "all"

    func validate() throws {
        guard ["text", "json", "markdown"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use text, json or markdown)")
        }
        guard ["lint", "image", "all"].contains(kind) else {
            throw ValidationError("unknown kind '\(kind)' (use lint, image or all)")
        }
        if let practice, Practice(rawValue: practice) == nil {
            throw ValidationError(
                "unknown practice '\(practice)' (one of \(Practice.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() async throws {
        var rules: [(kind: String, rule: RuleDescriptor)] = []
        if kind != "image" { rules += RuleRegistry.descriptors.map { ("lint", $0) } }
        if kind != "lint" { rules += ImageRules.all.map { ("image", $0) } }
        if let practice { rules = rules.filter { $0.rule.practice.rawValue == practice } }
        switch format {
        case "json":
            let list = JSONValue.array(
                rules.map { kind, rule in
                    .object([
                        "id": .string(rule.id), "name": .string(rule.name), "practice": .string(rule.practice.rawValue),
                        "severity": .string(rule.severity.rawValue), "summary": .string(rule.summary),
                        "kind": .string(kind),
                    ])
                })
            StandardOutput.write(JSONValue.object(["rules": list]).rendered() + "\n")
        case "markdown":
            // The generated pages are whole documents; a practice filter does not apply to them.
            var pages: [String] = []
            if kind != "image" { pages.append(RuleDocs.markdown(RuleRegistry.descriptors)) }
            if kind != "lint" { pages.append(ImageRules.markdown()) }
            StandardOutput.write(pages.joined(separator: "\n"))
        default:
            StandardOutput.write(Self.table(rules))
        }
    }

    static func table(_ rules: [(kind: String, rule: RuleDescriptor)]) -> String {
        let header = ["ID", "NAME", "PRACTICE", "SEVERITY", "KIND"]
        let rows = rules.map {
            [$0.rule.id, $0.rule.name, $0.rule.practice.rawValue, $0.rule.severity.rawValue, $0.kind]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1
                    ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
            }.joined(separator: "  ") + "\n"
        }
        let lint = rules.count { $0.kind == "lint" }
        let image = rules.count - lint
        return line(header) + rows.map(line).joined() + "\n\(rules.count) rules (\(lint) lint, \(image) image)\n"
    }
}
