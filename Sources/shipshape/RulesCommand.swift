import ArgumentParser
import Findings
import ImageAnalysis
import Lint
import Probe

/// `shipshape rules`: every rule with its id, name, practice and default severity: the Dockerfile rules of `lint`
/// (SS0xxx), the image checks of `inspect` (SS1xxx) and the run-time findings of `probe` (SS2xxx).
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract:
            "List the rules (id, name, practice, default severity): lint's Dockerfile rules, inspect's image checks "
            + "and probe's findings."
    )

    @Option(
        help: """
            Output format: text, json or markdown (docs/rules.md for lint, docs/image-checks.md for image, \
            docs/probe-checks.md for probe).
            """)
    var format: String = "text"

    @Option(help: "Only the rules of this practice.")
    var practice: String?

    @Option(
        help: """
            Which rules: lint (Dockerfile rules, SS0xxx), image (inspect's image checks, SS1xxx), probe (probe's \
            run-time findings, SS2xxx) or all.
            """)
    var kind: String = "all"

    func validate() throws {
        guard ["text", "json", "markdown"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use text, json or markdown)")
        }
        guard ["lint", "image", "probe", "all"].contains(kind) else {
            throw ValidationError("unknown kind '\(kind)' (use lint, image, probe or all)")
        }
        if let practice, Practice(rawValue: practice) == nil {
            throw ValidationError(
                "unknown practice '\(practice)' (one of \(Practice.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() async throws {
        var rules: [(kind: String, rule: RuleDescriptor)] = []
        if kind == "lint" || kind == "all" { rules += RuleRegistry.descriptors.map { ("lint", $0) } }
        if kind == "image" || kind == "all" { rules += ImageRules.all.map { ("image", $0) } }
        if kind == "probe" || kind == "all" { rules += ProbeRules.all.map { ("probe", $0) } }
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
            if kind == "lint" || kind == "all" { pages.append(RuleDocs.markdown(RuleRegistry.descriptors)) }
            if kind == "image" || kind == "all" { pages.append(ImageRules.markdown()) }
            if kind == "probe" || kind == "all" { pages.append(ProbeRules.markdown()) }
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
        let image = rules.count { $0.kind == "image" }
        let probe = rules.count { $0.kind == "probe" }
        return line(header) + rows.map(line).joined()
            + "\n\(rules.count) rules (\(lint) lint, \(image) image, \(probe) probe)\n"
    }
}
