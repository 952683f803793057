import Findings

extension ImageReport {
    /// The report for a person: summary, layer table, waste with the top offenders, findings grouped by practice.
    /// `color` adds ANSI colours (only when stdout is a terminal). Everything that comes from the image (names,
    /// paths, history, messages quoting them) is escaped (`TerminalText`).
    public func text(color: Bool) -> String {
        let safe = TerminalText.escaped
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func bold(_ text: String) -> String { paint(text, "1") }
        let size = ImageChecks.bytes
        var out = bold("Image \(safe(image))") + " (\(platform)\(distribution.map { ", \(safe($0))" } ?? ""))\n"
        out += "  \(files) files, \(size(contentBytes)) of content in \(layers.count) layers\n"
        if let packages, !packages.packages.isEmpty {
            let counts = packages.countsByType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }
            out += "  \(packages.packages.count) packages (\(counts.joined(separator: ", ")))"
            if !packages.removed.isEmpty { out += ", \(packages.removed.count) installed then removed" }
            out += ": shipshape sbom lists them\n"
        }
        if let line = vulnerabilityLine { out += "  \(safe(line))\n" }
        out += "\n"

        out += bold("Layers") + "\n"
        var rows = [["#", "DIGEST", "COMPRESSED", "TAR", "CONTENT", "ENTRIES", "CREATED BY"]]
        for layer in layers {
            let digest = layer.digest ?? layer.diffID ?? "-"
            let short = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7).prefix(12)) : String(digest.prefix(12))
            var createdBy = (layer.createdBy ?? "").replacing("/bin/sh -c #(nop) ", with: "").replacing("\n", with: " ")
            createdBy = safe(createdBy.count > 60 ? String(createdBy.prefix(59)) + "…" : createdBy)
            rows.append([
                String(layer.index), short, layer.compressedBytes.map(size) ?? "-", size(layer.tarBytes),
                size(layer.contentBytes), String(layer.entries), createdBy,
            ])
        }
        out += table(rows)
        if historyHeuristic {
            out += "  (the history has not one entry per layer: created-by is paired with layers in order, a guess)\n"
        }

        out += "\n" + bold("Waste") + "\n"
        if waste.shadowedBytes == 0 {
            out += "  nothing shadowed: every stored byte is reachable\n"
        } else {
            let percent = waste.storedBytes > 0 ? Double(waste.shadowedBytes) * 100 / Double(waste.storedBytes) : 0
            out += "  \(size(waste.shadowedBytes)) shadowed in \(waste.shadowedFiles) files "
            out += "(\((percent * 10).rounded() / 10)% of \(size(waste.storedBytes)) stored)\n"
            for file in waste.largest {
                out += "  \(size(file.bytes).padding(9)) \(safe(file.path))\n"
                out += "            added in layer \(file.addedIn)\(createdBy(file.addedIn)), "
                out += "\(file.cause.rawValue) in layer \(file.hiddenIn)\(createdBy(file.hiddenIn))\n"
                out += "            → \(safe(file.advice))\n"
            }
        }
        let efficiency = (diveCompat.efficiency * 1000).rounded() / 10
        let user = (diveCompat.userWastedPercent * 1000).rounded() / 10
        out += "  dive-compatible: efficiency \(efficiency)%, wasted \(size(diveCompat.wastedBytes)), "
        out += "user wasted \(user)%\n"

        out += "\n" + bold("Findings") + "\n"
        if findings.isEmpty { out += "  none\n" }
        for practice in Practice.allCases {
            let group = findings.filter { $0.practice == practice }
            guard !group.isEmpty else { continue }
            out += "  " + bold(practice.rawValue) + "\n"
            for finding in group {
                let severity: String =
                    switch finding.severity {
                    case .error: paint("error", "31")
                    case .warning: paint("warning", "33")
                    case .info: paint("info", "36")
                    }
                out += "    \(severity) \(finding.rule) \(finding.name): \(safe(finding.message))\n"
                if let path = finding.path, !finding.message.contains(path) { out += "      at \(safe(path))\n" }
                if let hint = finding.hint { out += "      hint: \(safe(hint))\n" }
            }
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let infos = findings.count - errors - warnings
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        out += "\n\(counted(findings.count, "finding")): \(counted(errors, "error")), \(counted(warnings, "warning")), "
        out += "\(infos) info\n"
        return out
    }

    private func createdBy(_ index: Int) -> String {
        guard index < layers.count, var text = layers[index].createdBy, !text.isEmpty else { return "" }
        text = text.replacing("/bin/sh -c #(nop) ", with: "").replacing("/bin/sh -c ", with: "RUN ")
        return " (" + TerminalText.escaped(text.count > 50 ? String(text.prefix(49)) + "…" : text) + ")"
    }

    private func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            "  "
                + row.enumerated().map { index, cell in
                    index == row.count - 1 ? cell : cell.padding(widths[index])
                }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
