import Findings

extension ScanReport {
    /// One self-contained HTML page in the frame every report shares (`HTMLPage`: a Content-Security-Policy of
    /// `default-src 'none'`, light and dark, readable printed): the summary as tiles, the findings, the expired
    /// ignore entries, the suppressed matches and what was fixed since the baseline. Everything from the records and
    /// the image is escaped (`HTMLText`).
    public var html: String {
        let e = HTMLText.escaped
        let title = "Vulnerabilities: " + (target.isEmpty ? "image" : target)
        var page = HTMLPage(title: title)
        let errors = matches.filter { Self.findingSeverity($0.severity) == .error }.count
        let warnings = matches.filter { Self.findingSeverity($0.severity) == .warning }.count
        page.body += "<header><h1>\(e(title))</h1><p class=\"meta\">\(e(summaryLine))</p><ul class=\"tiles\">"
        page.body += Self.tile("critical or high", errors, errors > 0 ? "error" : "ok")
        page.body += Self.tile("medium or unknown", warnings, warnings > 0 ? "warning" : "ok")
        page.body += Self.tile("low", matches.count - errors - warnings, "info")
        page.body += Self.tile("packages checked", packagesChecked, "info")
        if !suppressed.isEmpty { page.body += Self.tile("suppressed", suppressed.count, "info") }
        page.body += "</ul></header>\n"

        page.body += "<section id=\"vulnerabilities\"><h2>Vulnerabilities</h2>"
        if matches.isEmpty {
            page.body += "<p class=\"ok\">No known vulnerability in the packages checked.</p>"
        } else {
            page.body += "<table><thead><tr>" + Self.columns.map { "<th>\(e($0))</th>" }.joined()
            page.body += "</tr></thead><tbody>"
            for (row, match) in zip(rows, matches) {
                var cells = row.cells.map(e)
                if let link = row.link, Self.isPlainLink(link) {
                    cells[1] = "<a href=\"\(e(link))\" rel=\"noreferrer\">\(cells[1])</a>"
                }
                let tone = Self.findingSeverity(match.severity).rawValue
                cells[2] = "<span class=\"severity \(tone)\">\(cells[2])</span>"
                page.body += "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
            }
            page.body += "</tbody></table>"
        }
        page.body += "</section>\n"
        if !expiredIgnores.isEmpty {
            page.body += "<section id=\"expired\"><h2>Expired ignore entries</h2><ul class=\"findings\">"
            for entry in expiredIgnores {
                page.body += "<li class=\"warning\"><div class=\"message\">\(e(Self.finding(entry).message))</div></li>"
            }
            page.body += "</ul></section>\n"
        }
        if !suppressed.isEmpty {
            page.body += "<section id=\"suppressed\"><h2>Suppressed</h2><table><thead><tr><th>vulnerability</th>"
            page.body += "<th>package</th><th>installed</th><th>why</th></tr></thead><tbody>"
            for item in suppressed {
                let package = item.match.package
                page.body += "<tr><td>\(e(item.match.id))</td><td>\(e(package.name))</td>"
                page.body += "<td>\(e(package.version))</td><td>\(e(item.suppression.text))</td></tr>"
            }
            page.body += "</tbody></table></section>\n"
        }
        let fixed = fixedSinceBaseline
        if !fixed.isEmpty {
            page.body += "<section id=\"fixed\"><h2>Fixed since the baseline</h2><ul>"
            for entry in fixed {
                page.body += "<li>\(e(entry.ids.sorted().joined(separator: ", "))) in \(e(entry.package)) "
                page.body += "\(e(entry.version))</li>"
            }
            page.body += "</ul></section>\n"
        }
        page.body += "<footer>Made by Shipshape \(e(toolVersion)).</footer>\n"
        return page.rendered()
    }

    private static func tile(_ label: String, _ value: Int, _ tone: String) -> String {
        "<li class=\"tile \(tone)\"><span class=\"value\">\(value)</span><span class=\"label\">\(label)</span></li>"
    }

    /// Whether a record's reference can be a link as it is: https, and nothing that could end the link's
    /// Markdown parentheses, break out of an attribute or need escaping (space, quotes, angle brackets, controls).
    static func isPlainLink(_ link: String) -> Bool {
        link.hasPrefix("https://") && link.utf8.count <= 2_048
            && link.unicodeScalars.allSatisfy { scalar in
                scalar.value > 0x20 && scalar.value < 0x7F && !"()<>\"'`\\|[]{}".unicodeScalars.contains(scalar)
            }
    }
}
