/// GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…::message` per finding,
/// so findings show as annotations on the pull request.
public struct GitHubReporter: Sendable {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = ""
        for finding in report.findings {
            let command =
                switch finding.severity {
                case .error: "error"
                case .warning: "warning"
                case .info: "notice"
                }
            var properties: [String] = []
            if let file = finding.file ?? finding.path {
                properties.append("file=\(escapeProperty(TerminalText.escaped(file)))")
            }
            if let range = finding.range {
                properties.append("line=\(range.line)")
                properties.append("col=\(range.column)")
                properties.append("endLine=\(range.endLine)")
                properties.append("endColumn=\(range.endColumn)")
            }
            properties.append("title=\(escapeProperty("\(finding.rule) \(finding.name)"))")
            // Control characters are escaped first (a hostile CR LF would otherwise end the command), then the one
            // newline of our own between message and hint is encoded the runner's way.
            var message = TerminalText.escaped(finding.message)
            if let hint = finding.hint { message += "\n" + TerminalText.escaped(hint) }
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        return out
    }

    /// Escaping of a command's message, as the Actions runner un-escapes it; by Unicode scalar, so a `"\r\n"`
    /// (one Character) is caught.
    private func escapeData(_ text: String) -> String {
        percentEncode(text, ["%", "\r", "\n"])
    }

    /// Escaping of a property value: the message escapes plus `:` and `,`.
    private func escapeProperty(_ text: String) -> String {
        percentEncode(text, ["%", "\r", "\n", ":", ","])
    }

    private func percentEncode(_ text: String, _ special: Set<Unicode.Scalar>) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if special.contains(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
