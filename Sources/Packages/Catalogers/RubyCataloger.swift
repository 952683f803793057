/// Ruby gems from their installed specifications: `…/specifications/NAME-VERSION.gemspec`, which RubyGems writes
/// with `Gem::Specification#to_ruby` as Ruby source (`s.name = "rake".freeze`, `s.version = "13.0.6"`,
/// `s.licenses = ["MIT".freeze]`). The file is read, never run: only those literal assignments are taken.
enum RubyCataloger {
    static let limit = 256 << 10

    static func interest(_ path: Substring) -> Interest? {
        isSpecification(path) ? .whole(limit) : nil
    }

    static func isSpecification(_ path: Substring) -> Bool {
        guard path.hasSuffix(".gemspec") else { return false }
        let parts = path.split(separator: "/")
        return parts.count >= 2 && parts[parts.count - 2] == "specifications"
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        let specifications = files.filter { isSpecification(PackageCatalog.relativePath($0.path)) }
        return FileAttribution.attribute(specifications, context: &context) { file, context in
            parse(file, context: &context).map { [$0] } ?? []
        }
    }

    static func parse(_ file: CatalogFile, context: inout CatalogContext) -> Package? {
        if file.isTruncated {
            if file.isLive { _ = context.noteTruncated(file, limit: limit, action: "not read") }
            return nil
        }
        var name: String?
        var version: String?
        var licenses: [String] = []
        for line in String(decoding: file.content, as: UTF8.self).split(separator: "\n") {
            let text = line.drop(while: { $0 == " " || $0 == "\t" })
            if name == nil, text.hasPrefix("s.name = ") {
                name = strings(in: text).first
            } else if version == nil, text.hasPrefix("s.version = ") {
                version = strings(in: text).first
            } else if text.hasPrefix("s.licenses = ") || text.hasPrefix("s.license = ") {
                licenses = strings(in: text)
            }
        }
        guard let name, !name.isEmpty, let version, !version.isEmpty else {
            if file.isLive { context.note(file, "no s.name or s.version assignment: skipped") }
            return nil
        }
        return Package(
            name: name, version: version, type: .gem, purl: PackageURL.make(type: "gem", name: name, version: version),
            licenses: licenses, locations: [file.path], addedIn: context.layer(file.layer))
    }

    /// The double-quoted string literals of a line (no escapes in names, versions and licence ids).
    static func strings(in line: Substring) -> [String] {
        line.split(separator: "\"", omittingEmptySubsequences: false).enumerated().compactMap { index, part in
            index % 2 == 1 ? String(part) : nil
        }
    }
}
