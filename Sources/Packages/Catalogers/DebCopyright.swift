/// The declared licences of Debian packages, from `/usr/share/doc/PACKAGE/copyright` when it is machine-readable.
///
/// Debian's copyright-format 1.0 (DEP-5): "The first paragraph of the file is the header paragraph … Format:
/// required … URI of the format specification"; "Files paragraph … License: required"; "License: … Single-line
/// values … the first line of the field … is an abbreviated name for the license, or expression giving
/// alternatives". A file without the `Format:` header is free-form text, from which nothing is taken: licences
/// are never guessed. The file is reduced to its licence names as soon as the pass over the layers reads it.
enum DebCopyright {
    static let limit = 1 << 20
    static let directory = "usr/share/doc/"

    static func interest(_ path: Substring) -> Interest? {
        isCopyright(path) ? .prefix(limit) : nil
    }

    static func isCopyright(_ path: Substring) -> Bool {
        guard path.hasPrefix(directory), path.hasSuffix("/copyright") else { return false }
        let package = path.dropFirst(directory.count).dropLast("/copyright".count)
        return !package.isEmpty && !package.contains("/")
    }

    /// `/usr/share/doc/NAME/copyright` → `NAME`.
    static func package(_ path: String) -> String? {
        let relative = PackageCatalog.relativePath(path)
        guard isCopyright(relative) else { return nil }
        return String(relative.dropFirst(directory.count).dropLast("/copyright".count))
    }

    /// The licence names of the Files paragraphs (and of the header paragraph, which may carry one), one a line,
    /// in the order they first appear; nothing when the file is not machine-readable. The `License:` values of
    /// stand-alone License paragraphs (the texts the others refer to) are not declarations and are not taken. A
    /// file cut at the limit gives the names before the cut.
    static func summary(_ bytes: [UInt8], size: Int64) -> [UInt8] {
        let stanzas = Deb822.stanzas(
            bytes, wanted: ["Format", "Files", "License"], complete: Int64(bytes.count) >= size)
        guard let header = stanzas.first, let format = header.fields["Format"],
            format.contains("copyright-format") || format.contains("dep5") || format.contains("DEP-5")
        else { return [] }
        var names: [String] = []
        for (index, stanza) in stanzas.enumerated() where index == 0 || stanza.fields["Files"] != nil {
            guard let value = stanza.fields["License"] else { continue }
            let name = String(value.prefix { $0 != "\n" }).filter { !$0.isNewline && $0 != "\t" }
            guard !name.isEmpty, name.count <= 200, !names.contains(name) else { continue }
            names.append(RpmHeader.text(Array(name.utf8)[...]))
        }
        return Array(names.map { $0 + "\n" }.joined().utf8)
    }

    /// Licences by package name, from the live copyright summaries.
    static func licenses(_ files: [CatalogFile]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for file in files where file.isLive {
            guard let name = package(file.path) else { continue }
            let names = String(decoding: file.content, as: UTF8.self).split(separator: "\n").map(String.init)
            if !names.isEmpty { result[name] = names }
        }
        return result
    }
}
