/// Alpine packages from apk's installed database, `/lib/apk/db/installed`.
///
/// Alpine wiki, "Apk spec", "Installed Database": the database "is a text file … each package's entry is
/// separated by a blank line", each line `X:value` with "P: package name", "V: package version", "A:
/// architecture", "L: license", "o: package origin" (the source package, "the name of the APKBUILD"), "F:
/// directory name" followed by "R: file name" lines for the files in it. Attribution over the layers' versions
/// of the file is dpkg's (`DatabaseAttribution`).
enum ApkCataloger {
    static let databasePath = "/lib/apk/db/installed"
    static let limit = 64 << 20

    static func interest(_ path: Substring) -> Interest? {
        path == "lib/apk/db/installed" ? .prefix(limit) : nil
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        var versions: [(file: CatalogFile, packages: [String: Package])] = []
        for file in files where file.path == databasePath {
            if let last = versions.last, last.file.layer == file.layer { versions.removeLast() }
            versions.append((file, parse(file, context: &context, report: file.isLive || file.deleted)))
        }
        return DatabaseAttribution.attribute(versions, context: context)
    }

    static func parse(_ file: CatalogFile, context: inout CatalogContext, report: Bool) -> [String: Package] {
        let truncated = file.isTruncated
        if truncated && report {
            _ = context.noteTruncated(file, limit: limit, action: "the entries before the cut are read")
        }
        var result: [String: Package] = [:]
        var fields: [UInt8: String] = [:]
        var files = 0
        var line = 0
        var entryLine = 1
        func flush() {
            defer {
                fields = [:]
                files = 0
            }
            guard !fields.isEmpty else { return }
            guard let name = fields[UInt8(ascii: "P")], !name.isEmpty,
                let version = fields[UInt8(ascii: "V")], !version.isEmpty
            else {
                if report { context.note(file, "the entry at line \(entryLine) has no P: or V: line: skipped") }
                return
            }
            let architecture = fields[UInt8(ascii: "A")]
            let origin = fields[UInt8(ascii: "o")] ?? name
            var qualifiers: [String: String] = [:]
            if let architecture { qualifiers["arch"] = architecture }
            if let system = context.operatingSystem { qualifiers["distro"] = system.purlDistro }
            if origin != name { qualifiers["upstream"] = origin }
            let vendor = context.operatingSystem?.id ?? "alpine"
            result[name] = Package(
                name: name, version: version, type: .apk,
                purl: PackageURL.make(
                    type: "apk", namespace: vendor, name: name, version: version, qualifiers: qualifiers),
                source: SourcePackage(name: origin, version: version), architecture: architecture,
                licenses: fields[UInt8(ascii: "L")].map { [$0] } ?? [], locations: [file.path], fileCount: files,
                addedIn: context.layer(file.layer))
        }
        let lines = file.content.split(separator: 0x0a, omittingEmptySubsequences: false)
        for (index, text) in lines.enumerated() {
            line += 1
            if truncated && index == lines.count - 1 { break }
            if text.isEmpty {
                flush()
                entryLine = line + 1
                continue
            }
            guard text.count >= 2, text[text.startIndex + 1] == UInt8(ascii: ":"), let key = text.first else {
                continue
            }
            if key == UInt8(ascii: "R") {
                files += 1
            } else if fields[key] == nil {
                fields[key] = String(decoding: text.dropFirst(2), as: UTF8.self)
            }
        }
        if !truncated { flush() }
        return result
    }

    /// For each of `paths` that a package of the live database lists (`F:` directory, `R:` file), that package.
    static func owners(of paths: Set<String>, files: [CatalogFile], packages: [Package]) -> [String: PackageOwner] {
        guard !paths.isEmpty, let file = files.last(where: { $0.path == databasePath && $0.isLive }) else { return [:] }
        var result: [String: PackageOwner] = [:]
        var owner: PackageOwner?
        var directory = ""
        let byName = Dictionary(
            packages.filter { $0.type == .apk }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for text in file.content.split(separator: 0x0a, omittingEmptySubsequences: false) {
            guard text.count >= 2, text[text.startIndex + 1] == UInt8(ascii: ":") else {
                if text.isEmpty { owner = nil }
                continue
            }
            let value = String(decoding: text.dropFirst(2), as: UTF8.self)
            switch text.first {
            case UInt8(ascii: "P"):
                owner = byName[value].map { PackageOwner(type: .apk, name: $0.name, version: $0.version) }
            case UInt8(ascii: "F"): directory = "/" + value
            case UInt8(ascii: "R"):
                let path = directory + "/" + value
                if let owner, paths.contains(path) { result[path] = owner }
            default: break
            }
        }
        return result
    }
}
