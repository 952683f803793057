import Findings

/// `--fail-on` for scans: matches at or above this severity make the exit code 1.
public enum ScanThreshold: String, Sendable, CaseIterable {
    case critical, high, medium, low, unknown, none

    public func fails(_ severity: VulnerabilitySeverity) -> Bool {
        switch self {
        case .none: false
        case .unknown: true
        case .low: severity >= .low
        case .medium: severity >= .medium
        case .high: severity >= .high
        case .critical: severity >= .critical
        }
    }
}

/// The result of a scan, as findings of the `vulnerabilities` practice: text, JSON and SARIF.
public struct ScanReport: Sendable {
    public var matches: [VulnerabilityMatch]
    /// How many packages were checked, and what the database holds.
    public var packagesChecked: Int
    public var databaseSummary: String
    public var toolVersion: String

    public init(matches: [VulnerabilityMatch], packagesChecked: Int, databaseSummary: String, toolVersion: String) {
        self.matches = matches
        self.packagesChecked = packagesChecked
        self.databaseSummary = databaseSummary
        self.toolVersion = toolVersion
    }

    /// Critical and high are errors, medium and unknown warnings, low info.
    static func findingSeverity(_ severity: VulnerabilitySeverity) -> Severity {
        switch severity {
        case .critical, .high: .error
        case .medium, .unknown: .warning
        case .low: .info
        }
    }

    static func severityText(_ match: VulnerabilityMatch) -> String {
        match.score.map { "\(match.severity.rawValue) \($0)" } ?? match.severity.rawValue
    }

    public var findings: [Finding] {
        matches.map { match in
            let package = match.package
            var message = "\(package.name) \(package.version) (\(package.ecosystem)) has \(match.id)"
            if !match.aliases.isEmpty { message += " (\(match.aliases.joined(separator: ", ")))" }
            message += ", severity \(Self.severityText(match))"
            if let summary = match.summary { message += ": \(summary)" }
            message += match.fixedVersion.map { "; fixed in \($0)" } ?? "; no fix yet"
            var hint = match.advice
            if let createdBy = package.createdBy { hint += "; installed by: \(createdBy)" }
            return Finding(
                rule: match.id, name: "vulnerable-package", practice: .vulnerabilities,
                severity: Self.findingSeverity(match.severity), message: message, hint: hint, layer: package.layer,
                path: package.location)
        }
    }

    /// One rule per vulnerability, with its summary and a link as help (SARIF's `rules[]`).
    public var rules: [RuleDescriptor] {
        var seen = Set<String>()
        var out: [RuleDescriptor] = []
        for match in matches where seen.insert(match.id).inserted {
            var documentation = "# \(match.id)\n\n\(match.summary ?? "A known vulnerability.")\n\n"
            if !match.aliases.isEmpty { documentation += "Aliases: \(match.aliases.joined(separator: ", "))\n\n" }
            if let reference = match.reference { documentation += "Advisory: \(reference)\n\n" }
            documentation +=
                "Fix: upgrade the package to the fixed version named in the finding, or rebuild on a "
                + "base image that has it."
            out.append(
                RuleDescriptor(
                    id: match.id, name: "vulnerable-package", practice: .vulnerabilities,
                    severity: Self.findingSeverity(match.severity),
                    summary: match.summary ?? "\(match.id): a known vulnerability", documentation: documentation))
        }
        return out
    }

    public enum Format: String, Sendable, CaseIterable {
        case text, json, sarif
    }

    public func rendered(as format: Format, color: Bool = false) -> String {
        switch format {
        case .sarif: return Report(findings: findings, rules: rules, toolVersion: toolVersion).rendered(as: .sarif)
        case .json: return json.rendered() + "\n"
        case .text: return text(color: color)
        }
    }

    /// PRODUCT.md's JSON object, each finding with a `vulnerability` object beside the common fields.
    public var json: JSONValue {
        var items: [JSONValue] = []
        for (finding, match) in zip(findings, matches) {
            guard case .object(var object) = finding.json else { continue }
            let package = match.package
            object["vulnerability"] = .object([
                "id": .string(match.id), "aliases": .array(match.aliases.map(JSONValue.string)),
                "records": .array(match.records.map(JSONValue.string)), "ecosystem": .string(package.ecosystem),
                "package": .string(package.name), "installedVersion": .string(package.version),
                "sourcePackage": .string(package.sourceName), "sourceVersion": .string(package.sourceVersion),
                "purl": .string(package.purl), "fixedVersion": .string(match.fixedVersion),
                "severity": .string(match.severity.rawValue),
                "cvssScore": match.score.map { JSONValue.double($0) } ?? .null, "cvssVector": .string(match.vector),
                "createdBy": .string(package.createdBy), "advice": .string(match.advice),
                "reference": .string(match.reference), "matchedBy": .string(match.reason),
            ])
            items.append(.object(object))
        }
        return .object([
            "findings": .array(items), "packagesChecked": .int(packagesChecked),
            "database": .string(databaseSummary),
        ])
    }

    func text(color: Bool) -> String {
        func styled(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        for match in matches {
            let package = match.package
            let code =
                switch match.severity {
                case .critical, .high: "31"
                case .medium: "33"
                default: "36"
                }
            out += styled(match.id, "1") + "  " + styled(Self.severityText(match), code) + "  "
            out +=
                "\(package.name) \(package.version) → \(match.fixedVersion ?? "no fix yet")  (\(package.ecosystem))\n"
            if !match.aliases.isEmpty { out += "    aliases: \(match.aliases.joined(separator: ", "))\n" }
            if let summary = match.summary { out += "    \(summary)\n" }
            if package.layer != nil || package.createdBy != nil {
                let layer = package.layer.map { String($0.prefix(19)) } ?? "?"
                out += "    layer \(layer): \(package.createdBy ?? "(no history entry)")\n"
            }
            out += "    " + styled("hint:", "36") + " \(match.advice)\n"
        }
        var counts: [VulnerabilitySeverity: Int] = [:]
        for match in matches { counts[match.severity, default: 0] += 1 }
        let breakdown = VulnerabilitySeverity.allCases.reversed().compactMap { severity in
            counts[severity].map { "\($0) \(severity.rawValue)" }
        }
        let packages = Set(matches.map { "\($0.package.ecosystem)/\($0.package.name)@\($0.package.version)" }).count
        if !out.isEmpty { out += "\n" }
        out += "\(matches.count) vulnerabilit\(matches.count == 1 ? "y" : "ies") in \(packages) of "
        out += "\(packagesChecked) packages"
        if !breakdown.isEmpty { out += " (\(breakdown.joined(separator: ", ")))" }
        out += "; database: \(databaseSummary)\n"
        return out
    }
}
