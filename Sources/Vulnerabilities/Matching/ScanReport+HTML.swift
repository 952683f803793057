import Findings

extension ScanReport {
    /// One self-contained HTML page (no scripts, no outside resources): the summary, the findings, the expired
    /// ignore entries, the suppressed matches and what was fixed since the baseline.
    public var html: String {
        let text = HTMLText.escaped
        let title = "Vulnerabilities: " + (target.isEmpty ? "image" : target)
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(text(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
            .critical, .high { color: #b00020; font-weight: bold; } .medium { color: #a15c00; }
            </style>
            </head>
            <body>
            <h1>\(text(title))</h1>
            <p>\(text(summaryLine))</p>

            """
        if !matches.isEmpty {
            out += "<table>\n<tr>" + Self.columns.map { "<th>\(text($0))</th>" }.joined() + "</tr>\n"
            for (row, match) in zip(rows, matches) {
                var cells = row.cells.map(text)
                if let link = row.link, link.hasPrefix("https://") {
                    cells[1] = "<a href=\"\(text(link))\">\(cells[1])</a>"
                }
                cells[2] = "<span class=\"\(match.severity.rawValue)\">\(cells[2])</span>"
                out += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
            }
            out += "</table>\n"
        }
        if !expiredIgnores.isEmpty {
            out += "<h2>Expired ignore entries</h2>\n<ul>\n"
            for entry in expiredIgnores { out += "<li>\(text(Self.finding(entry).message))</li>\n" }
            out += "</ul>\n"
        }
        if !suppressed.isEmpty {
            out += "<h2>Suppressed</h2>\n<table>\n<tr><th>vulnerability</th><th>package</th><th>installed</th>"
            out += "<th>why</th></tr>\n"
            for item in suppressed {
                let package = item.match.package
                out += "<tr><td>\(text(item.match.id))</td><td>\(text(package.name))</td>"
                out += "<td>\(text(package.version))</td><td>\(text(item.suppression.text))</td></tr>\n"
            }
            out += "</table>\n"
        }
        let fixed = fixedSinceBaseline
        if !fixed.isEmpty {
            out += "<h2>Fixed since the baseline</h2>\n<ul>\n"
            for entry in fixed {
                out += "<li>\(text(entry.ids.sorted().joined(separator: ", "))) in \(text(entry.package)) "
                out += "\(text(entry.version))</li>\n"
            }
            out += "</ul>\n"
        }
        return out + "</body>\n</html>\n"
    }
}
