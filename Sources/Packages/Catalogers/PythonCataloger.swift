/// Python distributions, anywhere in the image (site-packages, dist-packages, virtual environments, zipapps
/// unpacked by hand): `NAME-VERSION.dist-info/METADATA` (with `RECORD` for the file count), and the older
/// `NAME.egg-info/PKG-INFO` or single-file `NAME.egg-info`.
///
/// Core metadata specifications (packaging.python.org): the file is "in email header format"; "Name" and
/// "Version" are required ("Version: A string containing the distribution's version number"); the licence is
/// "License-Expression" (metadata 2.4, an SPDX expression), else "License", else the "License ::" classifiers;
/// the description is the message body after the first blank line, which is never read.
enum PythonCataloger {
    static let metadataPrefix = 64 << 10
    static let recordLimit = 4 << 20

    static func interest(_ path: Substring) -> Interest? {
        if path.hasSuffix(".dist-info/METADATA") || path.hasSuffix(".egg-info/PKG-INFO") || path.hasSuffix(".egg-info")
        {
            return .prefix(metadataPrefix)
        }
        if path.hasSuffix(".dist-info/RECORD") { return .whole(recordLimit) }
        return nil
    }

    static func isMetadata(_ path: String) -> Bool {
        path.hasSuffix(".dist-info/METADATA") || path.hasSuffix(".egg-info/PKG-INFO") || path.hasSuffix(".egg-info")
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        var records: [String: Int] = [:]
        for file in files where file.isLive && file.path.hasSuffix(".dist-info/RECORD") && !file.isTruncated {
            records[String(file.path.dropLast("RECORD".count))] = file.content.reduce(0) { $0 + ($1 == 0x0a ? 1 : 0) }
        }
        return FileAttribution.attribute(files.filter { isMetadata($0.path) }, context: &context) { file, context in
            guard var package = parse(file, context: &context) else { return [] }
            if file.path.hasSuffix("/METADATA") { package.fileCount = records[String(file.path.dropLast(8))] }
            return [package]
        }
    }

    static func parse(_ file: CatalogFile, context: inout CatalogContext) -> Package? {
        // Headers end at the first blank line; a prefix that holds no blank line may have cut a header.
        let headers = headerFields(file.content)
        guard let name = headers["Name"], !name.isEmpty else {
            if file.isLive { context.note(file, "no Name header: not a Python distribution's metadata, skipped") }
            return nil
        }
        guard let version = headers["Version"], !version.isEmpty else {
            if file.isLive { context.note(file, "package '\(name)' has no Version header: skipped") }
            return nil
        }
        var licenses: [String] = []
        if let expression = headers["License-Expression"], !expression.isEmpty {
            licenses = [expression]
        } else if let license = headers["License"], !license.isEmpty, license != "UNKNOWN", license.count <= 200 {
            licenses = [license]
        } else {
            licenses =
                headers["Classifier"]?.split(separator: "\n").compactMap { classifier in
                    guard classifier.hasPrefix("License ::") else { return nil }
                    return classifier.split(separator: "::").last.map { String($0.trimmingPrefix(" ")) }
                } ?? []
        }
        return Package(
            name: name, version: version, type: .python,
            purl: PackageURL.make(type: "pypi", name: PackageURL.normalizedPythonName(name), version: version),
            licenses: licenses, locations: [file.path], addedIn: context.layer(file.layer))
    }

    /// The header fields before the first blank line; repeated fields (Classifier) joined by newlines.
    static func headerFields(_ bytes: [UInt8]) -> [String: String] {
        var fields: [String: String] = [:]
        var last: String?
        for line in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
            let text = line.last == 0x0d ? line.dropLast() : line
            if text.isEmpty { break }
            if text.first == 0x20 || text.first == 0x09 {
                if let last, last == "License" { fields[last]? += " " + String(decoding: text, as: UTF8.self) }
                continue
            }
            guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: text[text.startIndex..<colon], as: UTF8.self)
            guard ["Name", "Version", "License", "License-Expression", "Classifier"].contains(name) else {
                last = nil
                continue
            }
            var value = text[text.index(after: colon)...]
            while value.first == 0x20 || value.first == 0x09 { value = value.dropFirst() }
            let string = String(decoding: value, as: UTF8.self)
            if let existing = fields[name], name == "Classifier" {
                fields[name] = existing + "\n" + string
            } else if fields[name] == nil {
                fields[name] = string
            }
            last = name
        }
        return fields
    }
}
