import ArgumentParser
import Findings
import Lint

/// `shipshape rules`: every lint rule with its id, name, practice and default severity.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List the lint rules (id, name, practice, default severity).")

    @Option(help: "Output format: text, json or markdown (the docs/rules.md page).")
    var format: String = "text"

    @Option(help: "Only the rules of this practice.")
    var practice: String?

    func validate() throws {
        guard ["text", "json", "markdown"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use text, json or markdown)")
        }
        if let practice, Practice(rawValue: practice) == nil {
            throw ValidationError(
                "unknown practice '\(practice)' (one of \(Practice.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() async throws {
        var rules = RuleRegistry.descriptors
        if let practice { rules = rules.filter { $0.practice.rawValue == practice } }
        switch format {
        case "json":
            let list = JSONValue.array(
                rules.map {
                    .object([
                        "id": .string($0.id), "name": .string($0.name), "practice": .string($0.practice.rawValue),
                        "severity": .string($0.severity.rawValue), "summary": .string($0.summary),
                    ])
                })
            StandardOutput.write(JSONValue.object(["rules": list]).rendered() + "\n")
        case "markdown":
            StandardOutput.write(RuleDocs.markdown(rules))
        default:
            StandardOutput.write(Self.table(rules))
        }
    }

    static func table(_ rules: [RuleDescriptor]) -> String {
        let header = ["ID", "NAME", "PRACTICE", "SEVERITY"]
        let rows = rules.map { [$0.id, $0.name, $0.practice.rawValue, $0.severity.rawValue] }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined() + "\n\(rules.count) rules\n"
    }
}
