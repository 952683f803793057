import Findings

extension ScanReport {
    /// One row of the Markdown and HTML tables: the cells as plain text.
    struct Row {
        var cells: [String]
        var link: String?
    }

    static let columns = [
        "", "vulnerability", "severity", "package", "installed", "fixed", "summary", "installed by", "advice",
    ]

    /// The reported matches as table rows (the first cell marks new ones against a baseline).
    var rows: [Row] {
        matches.map { match in
            let package = match.package
            var name = package.name
            if let source = package.sourceName, source != package.name { name += " (source \(source))" }
            return Row(
                cells: [
                    baseline.map { $0.isNew(match) ? "new" : "" } ?? "",
                    ([match.id] + match.aliases.prefix(3)).joined(separator: ", "), Self.severityText(match),
                    "\(name) (\(package.ecosystem))", package.version, match.fixedVersion ?? "no fix yet",
                    match.summary ?? "", package.createdBy ?? "", match.advice,
                ], link: match.reference)
        }
    }

    /// The one-line summary both documents open with.
    var summaryLine: String {
        let packages = Set(matches.map { "\($0.package.ecosystem)/\($0.package.name)@\($0.package.version)" }).count
        var line = "\(matches.count) vulnerabilit\(matches.count == 1 ? "y" : "ies") in \(packages) of "
        line += "\(packagesChecked) packages"
        if !suppressed.isEmpty { line += ", \(suppressed.count) suppressed" }
        if let baseline { line += "; \(matches.filter(baseline.isNew).count) new against \(baseline.source)" }
        return line + "; database: \(databaseSummary)"
    }

    /// GitHub-flavoured Markdown: for a pull-request comment or a job summary. Every cell is `MarkdownText`, as in
    /// `inspect`'s report: a package name or a record's summary cannot become a link, an image or a cell border.
    public var markdown: String {
        let cell = MarkdownText.escaped
        var out = "# Vulnerabilities: \(cell(target.isEmpty ? "image" : target))\n\n\(cell(summaryLine))\n"
        if !matches.isEmpty {
            out += "\n| " + Self.columns.joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: "---|", count: Self.columns.count) + "\n"
            for row in rows {
                var cells = row.cells.map(cell)
                if let link = row.link, Self.isPlainLink(link) {
                    cells[1] = "[\(cells[1])](\(link))"
                }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
        }
        if !expiredIgnores.isEmpty {
            out += "\n## Expired ignore entries\n\n"
            for entry in expiredIgnores { out += "- " + cell(Self.finding(entry).message) + "\n" }
        }
        if !suppressed.isEmpty {
            out += "\n## Suppressed\n\n| vulnerability | package | installed | why |\n|---|---|---|---|\n"
            for item in suppressed {
                let package = item.match.package
                out += "| \(cell(item.match.id)) | \(cell(package.name)) | \(cell(package.version)) | "
                out += "\(cell(item.suppression.text)) |\n"
            }
        }
        let fixed = fixedSinceBaseline
        if !fixed.isEmpty {
            out += "\n## Fixed since the baseline\n\n"
            for entry in fixed {
                out += "- \(cell(entry.ids.sorted().joined(separator: ", "))) in \(cell(entry.package)) "
                out += "\(cell(entry.version))\n"
            }
        }
        return out
    }
}
