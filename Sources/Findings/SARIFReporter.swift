/// SARIF 2.1.0 with full rule metadata: `tool.driver.rules[]` carries every rule's summary, documentation
/// (`help`), default level and `properties.practice`, so code-scanning UIs can explain each result.
public struct SARIFReporter: Sendable {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    public init() {}

    public func render(_ report: Report) -> String {
        let rules = report.rules.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() { index[rule.id] = position }
        let driver: JSONValue = .object([
            "name": .string("shipshape"),
            "version": .string(report.toolVersion),
            "informationUri": .string("https://github.com/shipshape/shipshape"),
            "rules": .array(rules.map(ruleJSON)),
        ])
        let run: JSONValue = .object([
            "tool": .object(["driver": driver]),
            "results": .array(
                report.findings.map { result($0, ruleIndex: index[$0.rule]) }
                    + report.suppressed.map(suppressedResult(index))),
        ])
        let document: JSONValue = .object([
            "$schema": .string(SARIFReporter.schema),
            "version": .string("2.1.0"),
            "runs": .array([run]),
        ])
        return document.rendered() + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    private func ruleJSON(_ rule: RuleDescriptor) -> JSONValue {
        .object([
            "id": .string(rule.id),
            "name": .string(rule.name),
            "shortDescription": .object(["text": .string(rule.summary)]),
            "fullDescription": .object(["text": .string(rule.summary)]),
            "help": .object(["text": .string(rule.documentation), "markdown": .string(rule.documentation)]),
            "defaultConfiguration": .object(["level": .string(SARIFReporter.level(rule.severity))]),
            "properties": .object([
                "practice": .string(rule.practice.rawValue),
                "tags": .array([.string(rule.practice.rawValue)]),
            ]),
        ])
    }

    /// A suppressed finding: its result with `suppressions` (kind `external`, status `accepted`, the
    /// justification), which code-scanning UIs show as dismissed.
    private func suppressedResult(_ index: [String: Int]) -> (SuppressedFinding) -> JSONValue {
        { suppressed in
            guard case .object(var object) = result(suppressed.finding, ruleIndex: index[suppressed.finding.rule])
            else { return .null }
            object["suppressions"] = .array([
                .object([
                    "kind": .string("external"), "status": .string("accepted"),
                    "justification": .string(TerminalText.escaped(suppressed.justification)),
                ])
            ])
            return .object(object)
        }
    }

    private func result(_ finding: Finding, ruleIndex: Int?) -> JSONValue {
        // Messages quote images and Dockerfiles and code-scanning UIs show them: control characters are escaped.
        // The hint is kept apart from the message, in the result's properties.
        var properties: [String: JSONValue] = [
            "practice": .string(finding.practice.rawValue), "name": .string(finding.name),
        ]
        if let hint = finding.hint { properties["hint"] = .string(TerminalText.escaped(hint)) }
        var object: [String: JSONValue] = [
            "ruleId": .string(finding.rule),
            "level": .string(SARIFReporter.level(finding.severity)),
            "message": .object(["text": .string(TerminalText.escaped(finding.message))]),
            "properties": .object(properties),
        ]
        if let ruleIndex { object["ruleIndex"] = .int(ruleIndex) }
        if let uri = finding.file ?? finding.path {
            var physical: [String: JSONValue] = [
                "artifactLocation": .object(["uri": .string(TerminalText.escaped(uri))])
            ]
            if let range = finding.range {
                physical["region"] = .object([
                    "startLine": .int(range.line), "startColumn": .int(range.column),
                    "endLine": .int(range.endLine), "endColumn": .int(range.endColumn),
                ])
            }
            var location: [String: JSONValue] = ["physicalLocation": .object(physical)]
            if let layer = finding.layer {
                location["logicalLocations"] = .array([.object(["name": .string(layer), "kind": .string("layer")])])
            }
            object["locations"] = .array([.object(location)])
        } else if let layer = finding.layer {
            object["locations"] = .array([
                .object(["logicalLocations": .array([.object(["name": .string(layer), "kind": .string("layer")])])])
            ])
        }
        if let fix = finding.fix, let file = finding.file {
            object["fixes"] = .array([
                .object([
                    "description": .object(["text": .string(TerminalText.escaped(fix.description))]),
                    "artifactChanges": .array([
                        .object([
                            "artifactLocation": .object(["uri": .string(file)]),
                            "replacements": .array(
                                fix.edits.map {
                                    .object([
                                        "deletedRegion": .object([
                                            "byteOffset": .int($0.start), "byteLength": .int($0.end - $0.start),
                                        ]),
                                        "insertedContent": .object(["text": .string($0.replacement)]),
                                    ])
                                }),
                        ])
                    ]),
                ])
            ])
        }
        return .object(object)
    }
}
