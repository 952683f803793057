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

    static func page(_ title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · shipshape serve</title>
        <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}
        td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
        .critical{color:#b00020;font-weight:bold}.high{color:#d84315}.medium{color:#f9a825}.low{color:#558b2f}
        code{font-size:12px}nav a{margin-right:1em}</style></head>
        <body><nav><a href="/">registry</a><a href="/search">vulnerabilities</a></nav>
        <h1>\(escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    static func counts(_ image: ImageSummary) -> String {
        ["critical", "high", "medium", "low", "unknown"].compactMap { severity in
            guard let count = image.vulnerabilities[severity], count > 0 else { return nil }
            return "<span class=\"\(severity)\">\(count) \(severity)</span>"
        }.joined(separator: ", ")
    }

    static func imageRows(_ images: [ImageSummary]) -> String {
        var rows = "<table><tr><th>image</th><th>tags</th><th>state</th><th>vulnerabilities</th><th>findings</th></tr>"
        for image in images {
            rows +=
                "<tr><td><a href=\"/images/\(pathSegment(image.digest))\"><code>"
                + "\(escape(image.repository))@\(escape(String(image.digest.prefix(19))))</code></a>"
                + (image.platform.map { " " + escape($0) } ?? "") + "</td>"
                + "<td>\(image.tags.map(escape).joined(separator: "<br>"))</td><td>\(escape(image.state))</td>"
                + "<td>\(counts(image))</td><td>\(image.findings)</td></tr>"
        }
        return rows + "</table>"
    }

    static func overview(_ images: [ImageSummary], _ queue: [String: Int]) -> String {
        let scanned = images.filter { $0.state == "scanned" }
        var totals: [String: Int] = [:]
        for image in scanned {
            for (severity, count) in image.vulnerabilities { totals[severity, default: 0] += count }
        }
        let summary =
            "<p>\(images.count) images, \(scanned.count) scanned; queue: "
            + queue.sorted { $0.key < $1.key }.map { "\(escape($0.key)) \($0.value)" }.joined(separator: ", ")
            + "</p>"
        return page("Registry", summary + "<h2>Images, worst first</h2>" + imageRows(images))
    }

    static func image(_ image: ImageDetail) -> String {
        var body = "<p><code>\(escape(image.summary.repository))@\(escape(image.summary.digest))</code></p>"
        body += "<p>tags: \(image.summary.tags.map(escape).joined(separator: ", ")); state: "
        body += "\(escape(image.summary.state)); \(counts(image.summary))</p>"
        if !image.children.isEmpty {
            body += "<h2>Platforms</h2><ul>"
            for child in image.children {
                body += "<li><a href=\"/images/\(pathSegment(child))\"><code>\(escape(child))</code></a></li>"
            }
            body += "</ul>"
        }
        body += "<h2>Layers</h2><table><tr><th>#</th><th>digest</th><th>bytes</th><th>created by</th></tr>"
        for (index, layer) in image.layers.enumerated() {
            body +=
                "<tr><td>\(index + 1)</td><td><code>\(escape(String(layer.digest.prefix(19))))</code></td>"
                + "<td>\(layer.size)</td><td><code>\(escape(String((layer.createdBy ?? "").prefix(200))))</code></td></tr>"
        }
        body +=
            "</table><h2>Vulnerabilities</h2><table><tr><th>id</th><th>severity</th><th>package</th>"
            + "<th>fixed in</th><th>layer</th></tr>"
        for vulnerability in image.vulnerabilities {
            body +=
                "<tr><td>\(escape(vulnerability.id))</td><td class=\"\(escape(vulnerability.severity))\">"
                + "\(escape(vulnerability.severity))</td><td>\(escape(vulnerability.package)) "
                + "\(escape(vulnerability.version))</td><td>\(escape(vulnerability.fixed ?? "no fix yet"))</td>"
                + "<td><code>\(escape(String((vulnerability.createdBy ?? "").prefix(80))))</code></td></tr>"
        }
        body +=
            "</table><h2>Findings by practice</h2><table><tr><th>practice</th><th>rule</th><th>severity</th>"
            + "<th>message</th></tr>"
        for finding in image.findings {
            body +=
                "<tr><td>\(escape(finding.practice))</td><td>\(escape(finding.rule)) \(escape(finding.name))</td>"
                + "<td>\(escape(finding.severity))</td><td>\(escape(finding.message))</td></tr>"
        }
        body +=
            "</table><h2>Packages (\(image.packages.count))</h2><table><tr><th>package</th><th>version</th>"
            + "<th>ecosystem</th></tr>"
        for item in image.packages {
            body +=
                "<tr><td>\(escape(item.package.name))</td><td>\(escape(item.package.version))</td>"
                + "<td>\(escape(item.package.ecosystem))</td></tr>"
        }
        return page("Image " + String(image.summary.digest.prefix(19)), body + "</table>")
    }

    static func search(_ query: String, images: [ImageSummary], top: [VulnerabilitySummary]) -> String {
        var body =
            "<form action=\"/search\"><input name=\"q\" value=\"\(escape(query))\" placeholder=\"CVE-…\">"
            + "<button>search</button></form>"
        if !query.isEmpty {
            body += "<h2>Images with \(escape(query))</h2>" + (images.isEmpty ? "<p>none</p>" : imageRows(images))
        }
        body += "<h2>Across the registry</h2><table><tr><th>id</th><th>severity</th><th>images</th><th>fix</th></tr>"
        for vulnerability in top {
            body +=
                "<tr><td><a href=\"/search?q=\(pathSegment(vulnerability.id))\">\(escape(vulnerability.id))</a></td>"
                + "<td class=\"\(escape(vulnerability.severity))\">\(escape(vulnerability.severity))</td>"
                + "<td>\(vulnerability.images)</td><td>\(vulnerability.fixed ? "yes" : "no")</td></tr>"
        }
        return page("Vulnerabilities", body + "</table>")
    }

    static func notFound(_ digest: String) -> String {
        page("Not found", "<p>no image <code>\(escape(digest))</code></p>")
    }
}
