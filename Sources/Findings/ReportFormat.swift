/// The output formats of `lint` and `inspect` (`--format`); `github` is for `lint` in GitHub Actions.
public enum ReportFormat: String, CaseIterable, Sendable, Hashable {
    case text
    case json
    case sarif
    case github
}

/// Everything a reporter needs: the findings, in the order to print them, and the rules they come from.
public struct Report: Sendable {
    public var findings: [Finding]
    /// Every rule the run could report (SARIF lists them all, so code-scanning UIs can show help).
    public var rules: [RuleDescriptor]
    /// The tool's version, for SARIF's `tool.driver.version`.
    public var toolVersion: String
    /// Findings a VEX statement or an ignore entry suppressed (`inspect`'s vulnerabilities): SARIF results with
    /// `suppressions`, left out of every other format.
    public var suppressed: [SuppressedFinding] = []

    public init(findings: [Finding], rules: [RuleDescriptor], toolVersion: String) {
        self.findings = findings
        self.rules = rules
        self.toolVersion = toolVersion
    }

    /// The report in `format`; `color` adds ANSI colours to the text format only.
    public func rendered(as format: ReportFormat, color: Bool = false) -> String {
        switch format {
        case .text: TextReporter(color: color).render(self)
        case .json: JSONReporter().render(self)
        case .sarif: SARIFReporter().render(self)
        case .github: GitHubReporter().render(self)
        }
    }
}

/// A finding that is not reported as one, and why (the VEX justification or the ignore entry's reason).
public struct SuppressedFinding: Sendable, Hashable {
    public var finding: Finding
    public var justification: String

    public init(finding: Finding, justification: String) {
        self.finding = finding
        self.justification = justification
    }
}

extension Finding {
    /// Where the finding points, for people: `file:line:col`, `path (layer …)`, or the file alone.
    public var locationText: String {
        var parts: [String] = []
        if let file {
            if let range {
                parts.append("\(file):\(range.line):\(range.column)")
            } else {
                parts.append(file)
            }
        }
        if let path { parts.append(path) }
        if let layer {
            let short = layer.hasPrefix("sha256:") ? String(layer.prefix(19)) : layer
            parts.append("(layer \(short))")
        }
        return parts.isEmpty ? "image" : parts.joined(separator: " ")
    }
}
