import Findings

extension ScanReport {
    /// SARIF 2.1.0: one rule per vulnerability (summary, aliases, advisory link as help), one result per finding
    /// with `baselineState` when a baseline was given, and the suppressed matches as results with `suppressions`
    /// (kind `external`, status `accepted`, the VEX justification or ignore reason), which code-scanning UIs show as
    /// dismissed. Every result has a physical location (the package's file, else the scanned image or SBOM), as
    /// GitHub code scanning requires.
    public var sarif: JSONValue {
        let rules = self.rules.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() { index[rule.id] = position }
        var results: [JSONValue] = []
        for match in matches {
            var extra: [String: JSONValue] = [:]
            if let baseline { extra["baselineState"] = .string(baseline.isNew(match) ? "new" : "unchanged") }
            results.append(result(Self.finding(match), ruleIndex: index[match.id], extra: extra))
        }
        for entry in expiredIgnores {
            results.append(result(Self.finding(entry), ruleIndex: index[Self.expiredRule.id], extra: [:]))
        }
        for item in suppressed {
            var suppression: [String: JSONValue] = ["kind": .string("external"), "status": .string("accepted")]
            suppression["justification"] = .string(TerminalText.escaped(item.suppression.text))
            results.append(
                result(
                    Self.finding(item.match), ruleIndex: index[item.match.id],
                    extra: ["suppressions": .array([.object(suppression)])]))
        }
        let driver: JSONValue = .object([
            "name": .string("shipshape"), "version": .string(toolVersion),
            "informationUri": .string("https://github.com/shipshape/shipshape"),
            "rules": .array(rules.map(Self.ruleJSON)),
        ])
        return .object([
            "$schema": .string(SARIFReporter.schema), "version": .string("2.1.0"),
            "runs": .array([.object(["tool": .object(["driver": driver]), "results": .array(results)])]),
        ])
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    static func ruleJSON(_ rule: RuleDescriptor) -> JSONValue {
        .object([
            "id": .string(rule.id), "name": .string(rule.name),
            "shortDescription": .object(["text": .string(TerminalText.escaped(rule.summary))]),
            "fullDescription": .object(["text": .string(TerminalText.escaped(rule.summary))]),
            "help": .object(["text": .string(rule.documentation), "markdown": .string(rule.documentation)]),
            "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
            "properties": .object([
                "practice": .string(rule.practice.rawValue),
                "tags": .array([.string("security"), .string("vulnerability")]),
            ]),
        ])
    }

    func result(_ finding: Finding, ruleIndex: Int?, extra: [String: JSONValue]) -> JSONValue {
        var properties: [String: JSONValue] = [
            "practice": .string(finding.practice.rawValue), "name": .string(finding.name),
        ]
        if let hint = finding.hint { properties["hint"] = .string(TerminalText.escaped(hint)) }
        var location: [String: JSONValue] = [
            "physicalLocation": .object([
                "artifactLocation": .object([
                    "uri": .string(finding.path.map { Self.uri($0, keepColon: false) } ?? Self.uri(target))
                ])
            ])
        ]
        if let layer = finding.layer {
            location["logicalLocations"] = .array([.object(["name": .string(layer), "kind": .string("layer")])])
        }
        var object: [String: JSONValue] = [
            "ruleId": .string(finding.rule), "level": .string(Self.level(finding.severity)),
            "message": .object(["text": .string(TerminalText.escaped(finding.message))]),
            "locations": .array([.object(location)]), "properties": .object(properties),
        ]
        if let ruleIndex { object["ruleIndex"] = .int(ruleIndex) }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    /// A path as a URI reference (RFC 3986): every byte outside the unreserved set and `/` percent-encoded, and `:`
    /// too unless it is kept (an image reference's `docker-archive:` reads as a scheme, a path's colon must not).
    static func uri(_ path: String, keepColon: Bool = true) -> String {
        let text = path.isEmpty ? "image" : path
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ":") where keepColon:
                out += ":"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
