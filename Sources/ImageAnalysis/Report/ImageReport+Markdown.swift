import Findings

extension ImageReport {
    /// The report in GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY` and pull-request comments: a summary
    /// line, the layers, the largest waste and the findings by practice. Everything from the image is escaped
    /// (`MarkdownText`): a file name cannot become a link, an image or a table border.
    public func markdown() -> String {
        let m = MarkdownText.escaped
        let size = ImageChecks.bytes
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let infos = findings.count - errors - warnings
        var out = "### Shipshape: \(m(image))\n\n"
        out += "\(m(platform))\(distribution.map { " · " + m($0) } ?? "") · \(files) files · "
        out += "\(size(contentBytes)) of content · \(layers.count) layers · "
        out += "**\(errors)** errors, **\(warnings)** warnings, \(infos) info · "
        out += "\(size(waste.shadowedBytes)) shadowed\n\n"

        out += "| # | content | shadowed | compressed | created by |\n|---:|---:|---:|---:|---|\n"
        for layer in layers {
            let shadowed = layer.index < waste.shadowedByLayer.count ? waste.shadowedByLayer[layer.index] : 0
            var createdBy = Self.instruction(layer.createdBy).replacing("\n", with: " ")
            if createdBy.count > 80 { createdBy = String(createdBy.prefix(79)) + "…" }
            out += "| \(layer.index) | \(size(layer.contentBytes)) | \(shadowed > 0 ? size(shadowed) : "") | "
            out += "\(layer.compressedBytes.map(size) ?? "") | \(m(createdBy)) |\n"
        }
        if !waste.largest.isEmpty {
            out += "\n**Largest waste**\n\n"
            for file in waste.largest.prefix(5) {
                out += "- \(m(file.path)) (\(size(file.bytes))): added in layer \(file.addedIn), "
                out += "\(m(file.cause.rawValue)) in layer \(file.hiddenIn); \(m(file.advice))\n"
            }
        }
        out += sectionsMarkdown()
        out += "\n**Findings**\n\n"
        if findings.isEmpty { out += "None.\n" }
        // The vulnerabilities have their own table above.
        for practice in Practice.allCases where practice != .vulnerabilities || vulnerabilities == nil {
            let group = findings.filter { $0.practice == practice }
            guard !group.isEmpty else { continue }
            out += "- **\(practice.rawValue)**\n"
            for finding in group {
                out += "  - \(finding.severity.rawValue) \(finding.rule) \(finding.name): \(m(finding.message))"
                if let hint = finding.hint { out += " → \(m(hint))" }
                out += "\n"
            }
        }
        return out
    }
}
