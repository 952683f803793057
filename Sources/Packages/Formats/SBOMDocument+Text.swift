/// The inventory for people: one line a package (type, name, version, layer), then the removed packages, the
/// skipped dpkg states, the notes and the counts. Control characters from the image never reach the terminal.
extension SBOMDocument {
    public func text(color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)\(SBOMDocument.printable(imageName))\(reset)"
        if let system = inventory.operatingSystem {
            out += " — " + SBOMDocument.printable(system.prettyName ?? system.id)
            if let ecosystem = system.ecosystem { out += " (\(SBOMDocument.printable(ecosystem)))" }
        }
        out += "\n\n"
        let rows = inventory.packages.map { package in
            [
                package.type.rawValue, SBOMDocument.printable(package.name), SBOMDocument.printable(package.version),
                "layer \(package.addedIn.index)",
                package.ownedBy.map { "owned by \(SBOMDocument.printable($0.name))" } ?? "",
            ]
        }
        out += SBOMDocument.table(rows, dim: dim, reset: reset)
        if !inventory.removed.isEmpty {
            out += "\n\(bold)Installed, then removed\(reset)\n"
            out += SBOMDocument.table(
                inventory.removed.map { package in
                    [
                        package.type.rawValue, SBOMDocument.printable(package.name),
                        SBOMDocument.printable(package.version), "layer \(package.addedIn.index)",
                        "removed in layer \(package.removedIn?.index ?? package.addedIn.index)",
                    ]
                }, dim: dim, reset: reset)
        }
        if !inventory.skippedStates.isEmpty {
            out += "\n\(bold)dpkg entries not installed (not listed)\(reset)\n"
            for (state, count) in inventory.skippedStates.sorted(by: { $0.key < $1.key }) {
                out += "  \(count) \(SBOMDocument.printable(state))\n"
            }
        }
        if !inventory.notes.isEmpty {
            out += "\n\(bold)Notes\(reset)\n"
            for note in inventory.notes { out += "  " + SBOMDocument.printable(note.description) + "\n" }
        }
        let counts = inventory.countsByType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }
        out += "\n\(inventory.packages.count) packages"
        if !counts.isEmpty { out += " (" + counts.joined(separator: ", ") + ")" }
        let owned = inventory.packages.filter { $0.ownedBy != nil }.count
        if owned > 0 { out += ", \(owned) owned by a distribution package" }
        if !inventory.removed.isEmpty { out += "; \(inventory.removed.count) installed then removed" }
        return out + "\n"
    }

    /// Left-aligned columns, the last one unpadded.
    static func table(_ rows: [[String]], dim: String, reset: String) -> String {
        guard let width = rows.first?.count else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows {
            for (index, cell) in row.enumerated() where index < width - 1 {
                widths[index] = min(max(widths[index], cell.count), 60)
            }
        }
        var out = ""
        for row in rows {
            var line = "  "
            for (index, cell) in row.enumerated() {
                if index == width - 1 {
                    line += cell.isEmpty ? "" : dim + cell + reset
                } else {
                    line += cell + String(repeating: " ", count: max(1, widths[index] - cell.count + 2))
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
