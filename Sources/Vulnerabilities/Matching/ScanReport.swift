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

/// The result of a scan, as findings of the `vulnerabilities` practice: text, JSON, SARIF, CycloneDX, Markdown and
/// HTML.
public struct ScanReport: Sendable {
    /// The matches reported (suppressed ones are in `suppressed`).
    public var matches: [VulnerabilityMatch]
    /// How many packages were checked, and what the database holds.
    public var packagesChecked: Int
    public var databaseSummary: String
    public var toolVersion: String
    /// Matches a VEX statement or an ignore entry suppresses: reported apart, never failing the scan.
    public var suppressed: [SuppressedMatch] = []
    /// Ignore entries past their date: they suppress nothing, and each is a finding.
    public var expiredIgnores: [IgnoreEntry] = []
    /// `--baseline`: only matches not in it are new, and only new ones fail the scan.
    public var baseline: Baseline?
    /// Every package checked (CycloneDX's components), and what was scanned.
    public var packages: [PackageQuery] = []
    public var target = ""

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

    /// Whether the scan fails at `threshold`: a reported match at or above it (only a new one with a baseline),
    /// or an expired ignore entry when the threshold is medium or lower (it counts as a medium finding).
    public func fails(_ threshold: ScanThreshold) -> Bool {
        if !expiredIgnores.isEmpty && threshold.fails(.medium) { return true }
        return matches.contains { match in threshold.fails(match.severity) && baseline?.isNew(match) ?? true }
    }

    /// The baseline's vulnerabilities this scan no longer has.
    public var fixedSinceBaseline: [BaselineEntry] {
        baseline?.fixed(in: matches + suppressed.map(\.match)) ?? []
    }

    /// What the database holds, for a report: "2661 advisories from 1 source, newest 2025-…".
    public static func databaseSummary(_ database: VulnerabilityDatabase) -> String {
        "\(database.advisoryCount) advisories from \(database.sources.count) source"
            + (database.sources.count == 1 ? "" : "s")
            + (database.sources.map(\.newestModified).max().map { ", newest \($0)" } ?? "")
    }

    /// The finding of one match (practice `vulnerabilities`, the advisory id as its rule).
    public static func finding(_ match: VulnerabilityMatch) -> Finding {
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

    static func finding(_ entry: IgnoreEntry) -> Finding {
        Finding(
            rule: "expired-ignore", name: "expired-ignore", practice: .vulnerabilities, severity: .warning,
            message: "the ignore entry for \(entry.id)\(entry.package.map { " in \($0)" } ?? "") expired on "
                + "\(entry.until) (\(entry.location)): it no longer suppresses anything",
            hint: "fix the vulnerability, or decide again: a new 'until' with the reason (\(entry.reason))",
            path: entry.location)
    }

    /// The findings: each reported match, then each expired ignore entry.
    public var findings: [Finding] { matches.map(Self.finding) + expiredIgnores.map(Self.finding) }

    static let expiredRule = RuleDescriptor(
        id: "expired-ignore", name: "expired-ignore", practice: .vulnerabilities, severity: .warning,
        summary: "An ignore entry of .shipshape.yml is past its 'until' date",
        documentation: "# expired-ignore\n\nAn entry of `vulnerabilities.ignore` in `.shipshape.yml` accepted a "
            + "vulnerability until a date that has passed. It no longer suppresses the vulnerability. Fix it, or "
            + "write a new `until` after deciding again.")

    /// One rule per vulnerability, with its summary and a link as help (SARIF's `rules[]`).
    public var rules: [RuleDescriptor] {
        var seen = Set<String>()
        var out: [RuleDescriptor] = []
        for match in matches + suppressed.map(\.match) where seen.insert(match.id).inserted {
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
        if !expiredIgnores.isEmpty { out.append(Self.expiredRule) }
        return out
    }

    public enum Format: String, Sendable, CaseIterable {
        case text, json, sarif, cyclonedx, markdown, html
    }

    public func rendered(as format: Format, color: Bool = false) -> String {
        switch format {
        case .sarif: return sarif.rendered() + "\n"
        case .json: return json.rendered() + "\n"
        case .cyclonedx: return cycloneDX.rendered() + "\n"
        case .markdown: return markdown
        case .html: return html
        case .text: return text(color: color)
        }
    }

    /// The `vulnerability` object of a finding in JSON.
    public static func vulnerabilityJSON(_ match: VulnerabilityMatch) -> JSONValue {
        let package = match.package
        return .object([
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
    }

    static func suppressionJSON(_ suppression: Suppression) -> JSONValue {
        .object([
            "kind": .string(suppression.kind.rawValue), "status": .string(suppression.status),
            "justification": .string(suppression.justification), "source": .string(suppression.source),
        ])
    }

    /// PRODUCT.md's JSON object, each finding with a `vulnerability` object beside the common fields (and
    /// `baselineState` with a baseline); `suppressed` holds the suppressed matches with their `suppression`.
    public var json: JSONValue {
        var items: [JSONValue] = []
        for match in matches {
            guard case .object(var object) = Self.finding(match).json else { continue }
            object["vulnerability"] = Self.vulnerabilityJSON(match)
            if let baseline { object["baselineState"] = .string(baseline.isNew(match) ? "new" : "unchanged") }
            items.append(.object(object))
        }
        for entry in expiredIgnores {
            guard case .object(var object) = Self.finding(entry).json else { continue }
            object["ignore"] = .object([
                "id": .string(entry.id), "package": .string(entry.package), "reason": .string(entry.reason),
                "until": .string(entry.until.description),
            ])
            items.append(.object(object))
        }
        var suppressedItems: [JSONValue] = []
        for item in suppressed {
            guard case .object(var object) = Self.finding(item.match).json else { continue }
            object["vulnerability"] = Self.vulnerabilityJSON(item.match)
            object["suppression"] = Self.suppressionJSON(item.suppression)
            suppressedItems.append(.object(object))
        }
        var root: [String: JSONValue] = [
            "findings": .array(items), "suppressed": .array(suppressedItems), "packagesChecked": .int(packagesChecked),
            "database": .string(databaseSummary),
        ]
        if let baseline {
            root["baseline"] = .object([
                "source": .string(baseline.source), "new": .int(matches.filter(baseline.isNew).count),
                "fixed": .array(
                    fixedSinceBaseline.map { entry in
                        .object([
                            "ids": .array(entry.ids.sorted().map(JSONValue.string)),
                            "ecosystem": .string(entry.ecosystem), "package": .string(entry.package),
                            "version": .string(entry.version),
                        ])
                    }),
            ])
        }
        return .object(root)
    }

    func text(color: Bool) -> String {
        func styled(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        // Names, versions and summaries come from the image and the records: escaped, never sent raw to a terminal.
        let safe = TerminalText.escaped
        var out = ""
        for match in matches {
            let package = match.package
            let code =
                switch match.severity {
                case .critical, .high: "31"
                case .medium: "33"
                default: "36"
                }
            if let baseline, baseline.isNew(match) { out += styled("NEW", "1;35") + "  " }
            out += styled(safe(match.id), "1") + "  " + styled(Self.severityText(match), code) + "  "
            out += safe("\(package.name) \(package.version) → \(match.fixedVersion ?? "no fix yet")")
            out += "  (\(safe(package.ecosystem)))\n"
            if !match.aliases.isEmpty { out += "    aliases: \(safe(match.aliases.joined(separator: ", ")))\n" }
            if let summary = match.summary { out += "    \(safe(summary))\n" }
            if package.layer != nil || package.createdBy != nil {
                let layer = package.layer.map { String($0.prefix(19)) } ?? "?"
                out += "    layer \(safe(layer)): \(safe(package.createdBy ?? "(no history entry)"))\n"
            }
            out += "    " + styled("hint:", "36") + " \(safe(match.advice))\n"
        }
        for entry in expiredIgnores {
            out += styled("expired-ignore", "1") + "  " + safe(Self.finding(entry).message) + "\n"
        }
        if !suppressed.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += "suppressed (\(suppressed.count)):\n"
            for item in suppressed {
                let package = item.match.package
                out += "  \(safe(item.match.id))  \(safe(package.name)) \(safe(package.version)): "
                out += safe(item.suppression.text) + "\n"
            }
        }
        let fixed = fixedSinceBaseline
        if let baseline {
            if !out.isEmpty { out += "\n" }
            out += "against the baseline \(safe(baseline.source)): \(matches.filter(baseline.isNew).count) new, "
            out += "\(fixed.count) fixed\n"
            for entry in fixed {
                let ids = entry.ids.sorted()
                let shown = ids.first { $0.hasPrefix("CVE-") } ?? ids.first ?? "?"
                out += "  fixed: \(safe(shown))  \(safe(entry.package)) \(safe(entry.version))\n"
            }
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
        if !suppressed.isEmpty { out += ", \(suppressed.count) suppressed" }
        out += "; database: \(safe(databaseSummary))\n"
        return out
    }
}
