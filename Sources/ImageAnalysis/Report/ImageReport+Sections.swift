import Findings
import Packages

// The packages and vulnerabilities sections of the HTML and Markdown reports. Everything from the image and the
// advisory records (names, versions, summaries, history) is escaped for its format.

extension ImageReport {
    /// Packages by type, the operating system, and every package (name, version, type, the layer that added it)
    /// folded in a `<details>` (no script: the page stays inert).
    func packageSectionHTML() -> String {
        let e = HTMLText.escaped
        var out = "<section id=\"packages\"><h2>Packages</h2>"
        guard let packages, !packages.packages.isEmpty else { return out + "<p>No package found.</p></section>\n" }
        out += "<p>\(Self.counted(packages.packages.count, "package"))"
        if let system = packages.operatingSystem {
            out += " on \(e(system.id))\(system.versionID.map { " " + e($0) } ?? "")"
        }
        if !packages.removed.isEmpty { out += ", \(packages.removed.count) installed then removed" }
        out += ".</p><table class=\"plain\"><thead><tr><th>type</th><th>packages</th></tr></thead><tbody>"
        for (type, count) in packages.countsByType.sorted(by: { $0.key < $1.key }) {
            out += "<tr><td>\(e(type.rawValue))</td><td>\(count)</td></tr>"
        }
        out += "</tbody></table><details><summary>every package</summary><table class=\"plain\"><thead><tr>"
        out += "<th>name</th><th>version</th><th>type</th><th>layer</th><th>installed by</th></tr></thead><tbody>"
        for package in packages.packages {
            out += "<tr><td>\(e(package.name))</td><td><code>\(e(package.version))</code></td>"
            out += "<td>\(e(package.type.rawValue))</td><td>\(package.addedIn.index)</td>"
            out += "<td><code>\(e(Self.shortened(Self.instruction(package.addedIn.createdBy), 80)))</code></td></tr>"
        }
        return out + "</tbody></table></details></section>\n"
    }

    /// The known vulnerabilities as a table (advisory, package, installed → fixed, severity, advice), or why
    /// there are none to show.
    func vulnerabilitySectionHTML() -> String {
        let e = HTMLText.escaped
        guard let section = vulnerabilities else { return "" }
        var out = "<section id=\"vulnerabilities\"><h2>Vulnerabilities</h2>"
        guard section.database != nil else {
            return out + "<p class=\"note\">\(e(vulnerabilityLine ?? ""))</p></section>\n"
        }
        out += "<p>\(e(vulnerabilityLine ?? ""))</p>"
        guard !section.items.isEmpty else { return out + "<p class=\"ok\">None known.</p></section>\n" }
        out += "<table class=\"plain\"><thead><tr><th>advisory</th><th>package</th><th>installed → fixed</th>"
        out += "<th>severity</th><th>what to do</th></tr></thead><tbody>"
        for item in section.items {
            let tone = item.finding.severity.rawValue
            out += "<tr><td><strong>\(e(item.id))</strong>"
            if !item.aliases.isEmpty { out += "<div class=\"digest\">\(e(item.aliases.joined(separator: ", ")))</div>" }
            out += "</td><td>\(e(item.package))<div class=\"digest\">\(e(item.ecosystem))</div></td>"
            out += "<td><code>\(e(item.installedVersion))</code> → <code>\(e(item.fixedVersion ?? "no fix yet"))</code>"
            out += "</td><td><span class=\"severity \(tone)\">\(e(item.severityText))</span></td>"
            out += "<td>\(e(item.advice))"
            if let createdBy = item.createdBy {
                out += "<div class=\"where\">installed by <code>\(e(Self.shortened(Self.instruction(createdBy), 100)))"
                out += "</code></div>"
            }
            out += "</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    /// The same two sections in Markdown: packages by type, then the vulnerabilities table.
    func sectionsMarkdown() -> String {
        let m = MarkdownText.escaped
        var out = ""
        if let packages, !packages.packages.isEmpty {
            let counts = packages.countsByType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }
            out += "\n**Packages**: \(packages.packages.count) (\(m(counts.joined(separator: ", "))))"
            if let system = packages.operatingSystem {
                out += " on \(m(system.id))\(system.versionID.map { " " + m($0) } ?? "")"
            }
            out += "\n"
        }
        guard let section = vulnerabilities else { return out }
        out += "\n**Vulnerabilities**: \(m(vulnerabilityLine ?? ""))\n"
        guard section.database != nil, !section.items.isEmpty else { return out }
        out += "\n| advisory | package | installed | fixed | severity | what to do |\n|---|---|---|---|---|---|\n"
        for item in section.items {
            var advisory = m(item.id)
            if !item.aliases.isEmpty { advisory += " (\(m(item.aliases.joined(separator: ", "))))" }
            out += "| \(advisory) | \(m(item.package)) (\(m(item.ecosystem))) | \(m(item.installedVersion)) | "
            out += "\(m(item.fixedVersion ?? "no fix yet")) | \(m(item.severityText)) | \(m(item.advice)) |\n"
        }
        return out
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        let line = text.replacing("\n", with: " ")
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }
}
