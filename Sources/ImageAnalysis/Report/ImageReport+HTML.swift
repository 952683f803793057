import Findings

extension ImageReport {
    /// The report as one self-contained HTML page (`inspect --format html`): no script, no font, no request of any
    /// kind (the page's Content-Security-Policy forbids them); light or dark by the reader's preference, readable
    /// printed. Everything from the image (names, paths, history, labels quoted in messages) is escaped.
    public func html(toolVersion: String) -> String {
        let e = HTMLText.escaped
        let size = ImageChecks.bytes
        var page = HTMLPage(title: "Shipshape: \(image)")
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let infos = findings.count - errors - warnings
        let wastePercent = waste.storedBytes > 0 ? Double(waste.shadowedBytes) * 100 / Double(waste.storedBytes) : 0

        page.body += "<header><h1>\(e(image))</h1>"
        page.body += "<p class=\"meta\">\(e(platform))\(distribution.map { " · " + e($0) } ?? "")"
        page.body += " · \(Self.counted(files, "file")) · \(size(contentBytes)) of content · "
        page.body += "\(Self.counted(layers.count, "layer"))</p>"
        page.body += "<ul class=\"tiles\">"
        page.body += tile("errors", String(errors), errors > 0 ? "error" : "ok")
        page.body += tile("warnings", String(warnings), warnings > 0 ? "warning" : "ok")
        page.body += tile("info", String(infos), "info")
        page.body += tile(
            "shadowed", "\(size(waste.shadowedBytes)) (\(Self.oneDecimal(wastePercent))%)",
            waste.shadowedBytes > 0 ? "warning" : "ok")
        page.body += tile("dive efficiency", "\(Self.oneDecimal(diveCompat.efficiency * 100))%", "info")
        if let section = vulnerabilities, section.database != nil {
            page.body += tile("vulnerabilities", String(section.items.count), section.items.isEmpty ? "ok" : "error")
        }
        page.body += "</ul></header>\n"

        page.body += layerSection()
        page.body += directorySection()
        page.body += wasteSection()
        page.body += packageSectionHTML()
        page.body += vulnerabilitySectionHTML()
        page.body += findingSection()
        page.body += "<footer>Made by Shipshape \(e(toolVersion)). Sizes in SI units (1 kB = 1,000 bytes).</footer>\n"
        return page.rendered()
    }

    private func tile(_ label: String, _ value: String, _ tone: String) -> String {
        "<li class=\"tile \(tone)\"><span class=\"value\">\(HTMLText.escaped(value))</span>"
            + "<span class=\"label\">\(label)</span></li>"
    }

    /// Layers as bars: content (with the part nobody can reach), and compressed, each to the largest layer's scale.
    private func layerSection() -> String {
        let e = HTMLText.escaped
        let size = ImageChecks.bytes
        let largest = max(layers.map { max($0.contentBytes, $0.compressedBytes ?? 0) }.max() ?? 0, 1)
        var out = "<section id=\"layers\"><h2>Layers</h2><table class=\"layers\"><thead><tr><th>#</th>"
        out += "<th class=\"bars\">content · <span class=\"key shadow\">shadowed</span> · "
        out +=
            "<span class=\"key compressed\">compressed</span></th><th>sizes</th><th>created by</th></tr></thead><tbody>"
        for layer in layers {
            let shadowed = layer.index < waste.shadowedByLayer.count ? waste.shadowedByLayer[layer.index] : 0
            let contentWidth = Self.percent(layer.contentBytes, of: largest)
            let shadowWidth = layer.contentBytes > 0 ? Self.percent(shadowed, of: layer.contentBytes) : "0"
            out += "<tr><td class=\"index\">\(layer.index)</td><td class=\"bars\">"
            out += "<div class=\"bar content\" style=\"width:\(contentWidth)%\">"
            out += "<div class=\"bar shadow\" style=\"width:\(shadowWidth)%\"></div></div>"
            if let compressed = layer.compressedBytes {
                out += "<div class=\"bar compressed\" style=\"width:\(Self.percent(compressed, of: largest))%\"></div>"
            }
            out += "</td><td class=\"sizes\">\(size(layer.contentBytes)) content"
            if shadowed > 0 { out += "<br><span class=\"shadowtext\">\(size(shadowed)) shadowed</span>" }
            if let compressed = layer.compressedBytes { out += "<br>\(size(compressed)) compressed" }
            out += "<br>\(layer.entries) entries</td>"
            let digest = layer.digest ?? layer.diffID ?? ""
            out += "<td><code class=\"created\">\(e(Self.instruction(layer.createdBy)))</code>"
            if !digest.isEmpty { out += "<div class=\"digest\">\(e(digest))</div>" }
            out += "</td></tr>"
        }
        out += "</tbody></table>"
        if historyHeuristic {
            out += "<p class=\"note\">The history has not one entry per layer: created-by is paired with layers in "
            out += "order, a guess.</p>"
        }
        return out + "</section>\n"
    }

    /// Where the bytes are: a treemap of the final filesystem by directory, two levels deep.
    private func directorySection() -> String {
        let shown = Array(subdirectories.filter { $0.bytes > 0 }.prefix(60))
        var out = "<section id=\"directories\"><h2>Where the bytes are</h2>"
        guard !shown.isEmpty else { return out + "<p>No file content.</p></section>\n" }
        out += Self.treemap(
            shown.map { ($0.directory, $0.bytes, Self.topLevel($0.directory)) }, label: "directories of the image")
        out += "<table class=\"plain\"><thead><tr><th>directory</th><th>files</th><th>bytes</th></tr></thead><tbody>"
        for usage in directories.prefix(12) {
            out += "<tr><td><code>\(HTMLText.escaped(usage.directory))</code></td><td>\(usage.files)</td>"
            out += "<td>\(ImageChecks.bytes(usage.bytes))</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    /// What is stored but unreachable: a treemap of the largest shadowed files, and each with its advice.
    private func wasteSection() -> String {
        let e = HTMLText.escaped
        let size = ImageChecks.bytes
        var out = "<section id=\"waste\"><h2>Waste</h2>"
        guard waste.shadowedBytes > 0 else {
            return out + "<p class=\"ok\">Nothing shadowed: every stored byte is reachable.</p></section>\n"
        }
        out += "<p>\(size(waste.shadowedBytes)) shadowed in \(Self.counted(waste.shadowedFiles, "file")), of "
        out += "\(size(waste.storedBytes)) stored.</p>"
        out += Self.treemap(
            waste.shadowedByDirectory.prefix(40).map { ($0.directory, $0.bytes, Self.topLevel($0.directory)) },
            label: "shadowed bytes by directory")
        out += "<ol class=\"shadowed\">"
        for file in waste.largest {
            out += "<li><code>\(e(file.path))</code> <strong>\(size(file.bytes))</strong><br>"
            out += "added in layer \(file.addedIn) <code>\(e(Self.instruction(createdBy(of: file.addedIn))))</code>, "
            out += "\(e(file.cause.rawValue)) in layer \(file.hiddenIn) "
            out += "<code>\(e(Self.instruction(createdBy(of: file.hiddenIn))))</code>"
            out += "<div class=\"hint\">\(e(file.advice))</div></li>"
        }
        return out + "</ol></section>\n"
    }

    private func findingSection() -> String {
        let e = HTMLText.escaped
        var out = "<section id=\"findings\"><h2>Findings</h2>"
        if findings.isEmpty { out += "<p class=\"ok\">None.</p>" }
        // The vulnerabilities have their own section.
        for practice in Practice.allCases where practice != .vulnerabilities || vulnerabilities == nil {
            let group = findings.filter { $0.practice == practice }
            guard !group.isEmpty else { continue }
            out += "<h3>\(e(practice.rawValue))</h3><ul class=\"findings\">"
            for finding in group {
                let severity = finding.severity.rawValue
                out += "<li class=\"\(severity)\"><span class=\"severity \(severity)\">\(severity)</span> "
                out += "<span class=\"rule\">\(e(finding.rule)) \(e(finding.name))</span>"
                out += "<div class=\"message\">\(e(finding.message))</div>"
                if let path = finding.path, !finding.message.contains(path) {
                    out += "<div class=\"where\">at <code>\(e(path))</code></div>"
                }
                if let layer = finding.layer { out += "<div class=\"where\">layer <code>\(e(layer))</code></div>" }
                if let hint = finding.hint { out += "<div class=\"hint\">\(e(hint))</div>" }
                out += "</li>"
            }
            out += "</ul>"
        }
        return out + "</section>\n"
    }

    private func createdBy(of index: Int) -> String? {
        index >= 0 && index < layers.count ? layers[index].createdBy : nil
    }

    /// A history entry as the instruction people wrote.
    static func instruction(_ createdBy: String?) -> String {
        guard let text = createdBy, !text.isEmpty else { return "" }
        return text.replacing("/bin/sh -c #(nop) ", with: "").replacing("/bin/sh -c ", with: "RUN ")
    }

    static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    static func topLevel(_ directory: String) -> String {
        guard directory != "/" else { return "/" }
        let utf8 = directory.utf8
        return utf8.dropFirst().firstIndex(of: UInt8(ascii: "/")).map { String(directory[..<$0]) } ?? directory
    }

    /// `part` as a percentage of `whole`, one decimal, for a CSS width.
    static func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole > 0 else { return "0" }
        return oneDecimal(min(Double(part) * 100 / Double(whole), 100))
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// A treemap as inline SVG: one rectangle per item, coloured by `group`, with the name and size as its
    /// tooltip and, where it fits, as its label.
    static func treemap(_ items: [(name: String, bytes: Int64, group: String)], label: String) -> String {
        let width = 1000.0
        // A few items do not need the whole height: one is a banner, a handful a strip.
        let height = items.count <= 1 ? 110.0 : items.count < 6 ? 240.0 : 420.0
        let rectangles = Treemap.layout(
            items.map { Double($0.bytes) }, in: Treemap.Rectangle(x: 0, y: 0, width: width, height: height))
        var groups: [String] = []
        var out = "<svg class=\"treemap\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
        out += "aria-label=\"\(HTMLText.escaped(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (item, rectangle) in zip(items, rectangles) where rectangle.width > 0 && rectangle.height > 0 {
            if !groups.contains(item.group) { groups.append(item.group) }
            let tone = (groups.firstIndex(of: item.group) ?? 0) % 8
            let name = HTMLText.escaped(item.name)
            let text = "\(name) \(ImageChecks.bytes(item.bytes))"
            out += "<g><title>\(text)</title>"
            out += "<rect class=\"t\(tone)\" x=\"\(fixed(rectangle.x))\" y=\"\(fixed(rectangle.y))\" "
            out += "width=\"\(fixed(rectangle.width))\" height=\"\(fixed(rectangle.height))\"/>"
            // About 7 units a character at the label's size: the whole name, else its last component, else only
            // the tooltip.
            let last = item.name.split(separator: "/").last.map { "…/" + $0 } ?? item.name
            let fits: (String) -> Bool = { rectangle.width > Double($0.count * 7 + 8) && rectangle.height > 34 }
            if let label = [item.name, last].first(where: fits) {
                let shown = HTMLText.escaped(label)
                out += "<text x=\"\(fixed(rectangle.x + 4))\" y=\"\(fixed(rectangle.y + 15))\">\(shown)</text>"
                out += "<text class=\"size\" x=\"\(fixed(rectangle.x + 4))\" y=\"\(fixed(rectangle.y + 30))\">"
                out += "\(ImageChecks.bytes(item.bytes))</text>"
            }
            out += "</g>"
        }
        return out + "</svg>"
    }

    private static func fixed(_ value: Double) -> String { oneDecimal(value) }
}
