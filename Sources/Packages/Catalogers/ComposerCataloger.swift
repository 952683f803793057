#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// PHP packages Composer installed: `vendor/composer/installed.json`, an array of packages (Composer 1) or an
/// object whose `packages` holds it (Composer 2). getcomposer.org, "The composer.json schema": "name: The name of
/// the package. It consists of vendor name and project name, separated by /"; "license: The license of the
/// package. This can be either a string or an array of strings".
enum ComposerCataloger {
    static let limit = 16 << 20

    static func interest(_ path: Substring) -> Interest? {
        path.hasSuffix("vendor/composer/installed.json") ? .whole(limit) : nil
    }

    struct Entry: Decodable {
        var name: String?
        var version: String?
        var license: [String]?

        enum CodingKeys: String, CodingKey { case name, version, license }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try? container.decode(String.self, forKey: .name)
            version = try? container.decode(String.self, forKey: .version)
            license =
                (try? container.decode([String].self, forKey: .license))
                ?? (try? container.decode(String.self, forKey: .license)).map { [$0] }
        }
    }

    struct Installed: Decodable { var packages: [Entry] }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        let lists = files.filter { $0.path.hasSuffix("/vendor/composer/installed.json") }
        return FileAttribution.attribute(lists, context: &context) { file, context in
            parse(file, context: &context)
        }
    }

    static func parse(_ file: CatalogFile, context: inout CatalogContext) -> [Package] {
        if file.isTruncated {
            if file.isLive { _ = context.noteTruncated(file, limit: limit, action: "not read") }
            return []
        }
        let data = Data(file.content)
        guard
            let entries = (try? JSONDecoder().decode(Installed.self, from: data))?.packages
                ?? (try? JSONDecoder().decode([Entry].self, from: data))
        else {
            if file.isLive { context.note(file, "not a Composer installed.json: skipped") }
            return []
        }
        return entries.compactMap { entry in
            guard let name = entry.name, let version = entry.version, !name.isEmpty, !version.isEmpty else {
                return nil
            }
            let parts = name.split(separator: "/", maxSplits: 1)
            return Package(
                name: name, version: version, type: .composer,
                purl: PackageURL.make(
                    type: "composer", namespace: parts.count == 2 ? String(parts[0]) : nil,
                    name: String(parts.last ?? ""), version: version),
                licenses: entry.license ?? [], locations: [file.path], addedIn: context.layer(file.layer))
        }
    }
}
