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
            if let file = finding.file ?? finding.path { properties.append("file=\(escapeProperty(file))") }
            if let range = finding.range {
                properties.append("line=\(range.line)")
                properties.append("col=\(range.column)")
                properties.append("endLine=\(range.endLine)")
                properties.append("endColumn=\(range.endColumn)")
            }
            properties.append("title=\(escapeProperty("\(finding.rule) \(finding.name)"))")
            var message = finding.message
            if let hint = finding.hint { message += "\n" + hint }
            out += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
        }
        return out
    }

    /// Escaping of a command's message, as the Actions runner un-escapes it.
    private func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// Escaping of a property value: the message escapes plus `:` and `,`.
    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
