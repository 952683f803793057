import Foundation
import ServeStore

/// The server-rendered pages. Everything shown comes from the registry or the images (a tag, a path, a message
/// are hostile input) and goes through `escape`.
enum Pages {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if character.value < 0x20 && character != "\n" && character != "\t" || character.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(character)
                }
            }
        }
        return out
    }

    /// A path segment with everything but unreserved characters and `:` percent-encoded.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let character = Character(UnicodeScalar(byte))
            if byte < 0x80 && (character.isLetter || character.isNumber || "-._~:".contains(character)) {
                out.append(character)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static let severities = ["critical", "high", "medium", "low", "unknown"]

    static let style = """
        :root{color-scheme:light dark;--fg:#1d2125;--muted:#5f6b76;--bg:#f6f7f9;--card:#fff;--line:#e3e6ea;\
        --accent:#1f5fbf;--critical:#b3261e;--high:#d9480f;--medium:#b8860b;--low:#2f7d32;--unknown:#7a828a}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa4ae;--bg:#15181c;--card:#1e2227;\
        --line:#30363d;--accent:#6ea8fe;--critical:#ff6b6b;--high:#ff922b;--medium:#ffd43b;--low:#69db7c}}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;\
        color:var(--fg);background:var(--bg)}
        header{display:flex;align-items:center;gap:1.5em;padding:.7em 2em;background:var(--card);\
        border-bottom:1px solid var(--line)}header b{font-size:15px}header a{color:var(--fg);text-decoration:none}\
        header a:hover{color:var(--accent)}
        main{max-width:1200px;margin:0 auto;padding:1.2em 2em 3em}h1{font-size:22px;margin:.3em 0 .6em}\
        h2{font-size:16px;margin:1.6em 0 .5em}a{color:var(--accent)}
        .cards{display:flex;flex-wrap:wrap;gap:.8em}.card{background:var(--card);border:1px solid var(--line);\
        border-radius:8px;padding:.7em 1em;min-width:9em}.card .n{font-size:24px;font-weight:600}\
        .card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);\
        border-radius:8px;overflow:hidden}td,th{padding:.4em .7em;border-bottom:1px solid var(--line);\
        text-align:left;vertical-align:top}th{font-size:12px;color:var(--muted);font-weight:600;\
        text-transform:uppercase;letter-spacing:.04em}tr:last-child td{border-bottom:0}td.num{text-align:right;\
        font-variant-numeric:tabular-nums;white-space:nowrap}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}.muted{color:var(--muted)}
        .sev{display:inline-block;min-width:1.9em;padding:0 .45em;margin:0 .15em .15em 0;border-radius:9px;\
        font-size:12px;font-weight:600;color:#fff;text-align:center}.sev.critical{background:var(--critical)}\
        .sev.high{background:var(--high)}.sev.medium{background:var(--medium);color:#1d2125}\
        .sev.low{background:var(--low)}.sev.unknown{background:var(--unknown)}
        .bar{display:flex;height:8px;width:12em;border-radius:4px;overflow:hidden;background:var(--line)}\
        .bar span{display:block;height:100%}.bar .critical{background:var(--critical)}.bar .high{background:var(--high)}\
        .bar .medium{background:var(--medium)}.bar .low{background:var(--low)}.bar .unknown{background:var(--unknown)}
        .size{height:8px;border-radius:4px;background:var(--accent);min-width:2px}
        .tag{display:inline-block;padding:0 .5em;margin:0 .2em .2em 0;border:1px solid var(--line);\
        border-radius:4px;font:12px ui-monospace,monospace;overflow-wrap:anywhere}
        form{margin:.4em 0 1em}input{font:inherit;padding:.4em .6em;width:22em;border:1px solid var(--line);\
        border-radius:6px;background:var(--card);color:var(--fg)}button{font:inherit;padding:.4em 1em;\
        border:0;border-radius:6px;background:var(--accent);color:#fff}
        details summary{cursor:pointer;color:var(--accent)}.empty{color:var(--muted);font-style:italic}
        """

    static func page(_ title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(escape(title)) · shipshape serve</title><style>\(style)</style></head>
        <body><header><b>shipshape serve</b><a href="/">Registry</a><a href="/search">Vulnerabilities</a></header>
        <main><h1>\(escape(title))</h1>
        \(body)
        </main></body></html>
        """
    }

    /// A byte count for people: 1.2 MB, 340 kB, 12 B (powers of 1000, as the inspect report writes them).
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func card(_ value: String, _ label: String, _ extra: String = "") -> String {
        "<div class=\"card\"><div class=\"n\">\(value)</div><div class=\"l\">\(escape(label))</div>\(extra)</div>"
    }

    /// The image checks' severities, drawn in the vulnerability colours (error as high, warning as medium).
    static let checkSeverities = ["error": "high", "warning": "medium", "info": "unknown"]

    static func badge(_ severity: String, _ text: String) -> String {
        let known = severities.contains(severity) ? severity : checkSeverities[severity] ?? "unknown"
        return "<span class=\"sev \(known)\">\(escape(text))</span>"
    }

    static func counts(_ image: ImageSummary) -> String {
        let badges = severities.compactMap { severity -> String? in
            guard let count = image.vulnerabilities[severity], count > 0 else { return nil }
            return badge(severity, "\(count) \(severity)")
        }
        return badges.isEmpty ? "<span class=\"muted\">none</span>" : badges.joined()
    }

    /// A bar of the image's vulnerabilities by severity, its width against `scale` (the most any image has).
    static func severityBar(_ counts: [String: Int], scale: Int) -> String {
        let total = counts.values.reduce(0, +)
        guard total > 0, scale > 0 else { return "" }
        var bar = "<div class=\"bar\" title=\"\(total) vulnerabilities\">"
        for severity in severities {
            guard let count = counts[severity], count > 0 else { continue }
            let width = Double(count) / Double(scale) * 100
            bar += "<span class=\"\(severity)\" style=\"width:\(String(format: "%.2f", width))%\"></span>"
        }
        return bar + "</div>"
    }

    static func imageRows(_ images: [ImageSummary]) -> String {
        guard !images.isEmpty else { return "<p class=\"empty\">no images</p>" }
        let scale = images.map { $0.vulnerabilities.values.reduce(0, +) }.max() ?? 0
        var rows =
            "<table><tr><th>image</th><th>tags</th><th>state</th><th>vulnerabilities</th><th></th>"
            + "<th>findings</th></tr>"
        for image in images {
            rows +=
                "<tr><td><a href=\"/images/\(pathSegment(image.digest))\">\(escape(image.repository))</a>"
                + "<br><code class=\"muted\">\(escape(String(image.digest.prefix(19))))</code>"
                + (image.platform.map { " <span class=\"muted\">" + escape($0) + "</span>" } ?? "") + "</td>"
                + "<td>\(image.tags.map { "<span class=\"tag\">\(escape($0))</span>" }.joined())</td>"
                + "<td>\(escape(image.state))</td><td>\(counts(image))</td>"
                + "<td>\(severityBar(image.vulnerabilities, scale: scale))</td>"
                + "<td class=\"num\">\(image.findings)</td></tr>"
        }
        return rows + "</table>"
    }

    /// The registry at a glance: totals, vulnerabilities by severity, findings by practice, the worst images.
    static func overview(
        _ images: [ImageSummary], _ queue: [String: Int], practices: [PracticeSummary], shown: Int
    ) -> String {
        let scanned = images.filter { $0.state == "scanned" }
        var totals: [String: Int] = [:]
        var affected: [String: Int] = [:]
        for image in scanned {
            for (severity, count) in image.vulnerabilities where count > 0 {
                totals[severity, default: 0] += count
                affected[severity, default: 0] += 1
            }
        }
        var body = "<div class=\"cards\">"
        body += card(number(images.count), "images")
        body += card(number(scanned.count), "scanned")
        body += card(number((queue["queued"] ?? 0) + (queue["running"] ?? 0)), "in the queue")
        body += card(number(queue["failed"] ?? 0), "failed scans")
        for severity in severities.dropLast() {
            body += card(
                "<span class=\"sev \(severity)\">\(number(affected[severity] ?? 0))</span>",
                "images with \(severity)", "<div class=\"muted\">\(number(totals[severity] ?? 0)) in all</div>")
        }
        body += "</div>"
        body += "<h2>Findings by practice</h2>"
        if practices.isEmpty {
            body += "<p class=\"empty\">no image check findings</p>"
        } else {
            body += "<table><tr><th>practice</th><th>images</th><th>findings</th></tr>"
            for practice in practices {
                let order = ["error", "warning", "info"]
                let badges = order.compactMap { severity -> String? in
                    guard let count = practice.findings[severity], count > 0 else { return nil }
                    return badge(severity, "\(count) \(severity)")
                }
                let other = practice.findings.filter { !order.contains($0.key) }.values.reduce(0, +)
                body +=
                    "<tr><td>\(escape(practice.practice))</td><td class=\"num\">\(number(practice.images))</td>"
                    + "<td>\(badges.joined())\(other > 0 ? " \(other) other" : "")</td></tr>"
            }
            body += "</table>"
        }
        let worst = images.prefix(shown)
        body +=
            "<h2>Images, worst first"
            + (images.count > worst.count ? " <span class=\"muted\">(the first \(worst.count))</span>" : "") + "</h2>"
        body += imageRows(Array(worst))
        return page("Registry", body)
    }

    static func image(_ image: ImageDetail) -> String {
        let summary = image.summary
        var body = "<p><code>\(escape(summary.repository))@\(escape(summary.digest))</code></p>"
        body += "<p>\(summary.tags.map { "<span class=\"tag\">\(escape($0))</span>" }.joined())</p>"
        body += "<div class=\"cards\">"
        body += card(escape(summary.state), "state")
        body += card(
            number(image.layers.count), "layers",
            "<div class=\"muted\">\(size(image.layers.reduce(0) { $0 + $1.size })) compressed</div>")
        body += card(number(image.packages.count), "packages")
        body += card(number(image.vulnerabilities.count), "vulnerabilities", "<div>\(counts(summary))</div>")
        body += card(number(image.findings.count), "findings")
        body += "</div>"
        if let error = summary.error {
            body += "<p>last error: <code>\(escape(String(error.prefix(500))))</code></p>"
        }
        if !image.children.isEmpty {
            body += "<h2>Platforms</h2><ul>"
            for child in image.children {
                body += "<li><a href=\"/images/\(pathSegment(child))\"><code>\(escape(child))</code></a></li>"
            }
            body += "</ul>"
        }
        body += "<h2>Vulnerabilities</h2>"
        if image.vulnerabilities.isEmpty {
            body += "<p class=\"empty\">none known</p>"
        } else {
            body +=
                "<table><tr><th>severity</th><th>id</th><th>package</th><th>fixed in</th><th>layer</th></tr>"
            for vulnerability in image.vulnerabilities {
                let aliases =
                    vulnerability.aliases.isEmpty
                    ? ""
                    : "<br><span class=\"muted\">"
                        + vulnerability.aliases.map(escape).joined(separator: ", ") + "</span>"
                body +=
                    "<tr><td>\(badge(vulnerability.severity, vulnerability.severity))</td>"
                    + "<td><a href=\"/search?q=\(pathSegment(vulnerability.id))\">\(escape(vulnerability.id))</a>"
                    + "\(aliases)</td><td>\(escape(vulnerability.package)) <code>\(escape(vulnerability.version))</code>"
                    + " <span class=\"muted\">\(escape(vulnerability.ecosystem))</span></td>"
                    + "<td>\(vulnerability.fixed.map { "<code>\(escape($0))</code>" } ?? "<span class=\"muted\">no fix yet</span>")</td>"
                    + "<td><code>\(escape(String((vulnerability.createdBy ?? "").prefix(80))))</code>"
                    + "\(vulnerability.fromBase ? " <span class=\"muted\">base</span>" : "")</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Findings by practice</h2>"
        if image.findings.isEmpty {
            body += "<p class=\"empty\">no image check findings</p>"
        } else {
            body += "<table><tr><th>practice</th><th>check</th><th>severity</th><th>message</th></tr>"
            var last = ""
            for finding in image.findings {
                let practice = finding.practice == last ? "" : escape(finding.practice)
                last = finding.practice
                body +=
                    "<tr><td>\(practice)</td><td><code>\(escape(finding.rule))</code> \(escape(finding.name))</td>"
                    + "<td>\(badge(finding.severity, finding.severity))</td><td>\(escape(finding.message))"
                    + (finding.path.map { "<br><code class=\"muted\">\(escape($0))</code>" } ?? "") + "</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Layers</h2><table><tr><th>#</th><th>digest</th><th>size</th><th></th><th>created by</th></tr>"
        let largest = max(1, image.layers.map(\.size).max() ?? 1)
        for (index, layer) in image.layers.enumerated() {
            let width = Double(layer.size) / Double(largest) * 100
            body +=
                "<tr><td class=\"num\">\(index)</td><td><code>\(escape(String(layer.digest.prefix(19))))</code></td>"
                + "<td class=\"num\">\(size(layer.size))</td><td style=\"width:12em\"><div class=\"size\" "
                + "style=\"width:\(String(format: "%.2f", width))%\"></div></td>"
                + "<td><code>\(escape(String((layer.createdBy ?? "").prefix(200))))</code></td></tr>"
        }
        body += "</table>"
        body += "<h2>Packages (\(number(image.packages.count)))</h2>"
        body += "<details\(image.packages.count <= 30 ? " open" : "")><summary>every package</summary>"
        body += "<table><tr><th>package</th><th>version</th><th>ecosystem</th><th>where</th></tr>"
        for item in image.packages {
            body +=
                "<tr><td>\(escape(item.package.name))</td><td><code>\(escape(item.package.version))</code></td>"
                + "<td>\(escape(item.package.ecosystem))</td>"
                + "<td><code class=\"muted\">\(escape(item.location ?? ""))</code></td></tr>"
        }
        body += "</table></details>"
        return page(summary.repository + " " + String(summary.digest.prefix(19)), body)
    }

    static func search(_ query: String, images: [ImageSummary], top: [VulnerabilitySummary]) -> String {
        var body =
            "<form action=\"/search\"><input name=\"q\" value=\"\(escape(query))\" placeholder=\"CVE-2024-… or GHSA-…\">"
            + " <button>Search</button></form>"
        if !query.isEmpty {
            body +=
                "<h2>Images with \(escape(query)) <span class=\"muted\">(\(images.count))</span></h2>"
                + (images.isEmpty ? "<p class=\"empty\">no image has it</p>" : imageRows(images))
        }
        body += "<h2>Across the registry</h2>"
        if top.isEmpty {
            body += "<p class=\"empty\">no vulnerabilities known</p>"
        } else {
            body += "<table><tr><th>severity</th><th>id</th><th>images</th><th>fix</th></tr>"
            for vulnerability in top {
                body +=
                    "<tr><td>\(badge(vulnerability.severity, vulnerability.severity))</td>"
                    + "<td><a href=\"/search?q=\(pathSegment(vulnerability.id))\">\(escape(vulnerability.id))</a></td>"
                    + "<td class=\"num\">\(number(vulnerability.images))</td>"
                    + "<td>\(vulnerability.fixed ? "available" : "<span class=\"muted\">none yet</span>")</td></tr>"
            }
            body += "</table>"
        }
        return page("Vulnerabilities", body)
    }

    static func notFound(_ digest: String) -> String {
        page("Not found", "<p class=\"empty\">no image <code>\(escape(digest))</code></p>")
    }
}
