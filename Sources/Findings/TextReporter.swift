/// The human-readable report: `path:line:col: severity: [SS0123 name] message`, the hint indented below it,
/// and a one-line count at the end. Messages, hints and paths are escaped (`TerminalText`): they quote
/// Dockerfiles and images, which can hold control characters.
public struct TextReporter: Sendable {
    /// Whether to add ANSI colours (only when the output is a terminal, or `--color always`).
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public func render(_ report: Report) -> String {
        var out = ""
        for finding in report.findings {
            out += "\(TerminalText.escaped(finding.locationText)): \(paint(finding.severity)): "
            out +=
                styled("[\(finding.rule) \(finding.name)]", code: "2") + " \(TerminalText.escaped(finding.message))\n"
            if let hint = finding.hint {
                out += "    " + styled("hint:", code: "36") + " \(TerminalText.escaped(hint))\n"
            }
            if let fix = finding.fix {
                out += "    " + styled("fix:", code: "32")
                out += " \(TerminalText.escaped(fix.description)) (shipshape lint --fix)\n"
            }
        }
        if !report.findings.isEmpty {
            out += "\n" + TextReporter.summary(report.findings) + "\n"
        }
        return out
    }

    /// "3 problems (1 error, 1 warning, 1 info)".
    public static func summary(_ findings: [Finding]) -> String {
        let errors = findings.count { $0.severity == .error }
        let warnings = findings.count { $0.severity == .warning }
        let infos = findings.count { $0.severity == .info }
        let noun = findings.count == 1 ? "problem" : "problems"
        return
            "\(findings.count) \(noun) (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(infos) info)"
    }

    private func paint(_ severity: Severity) -> String {
        switch severity {
        case .error: styled("error", code: "1;31")
        case .warning: styled("warning", code: "1;33")
        case .info: styled("info", code: "1;34")
        }
    }

    private func styled(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
