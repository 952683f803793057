#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// npm packages: the `package.json` of each directory under a `node_modules` (`node_modules/NAME/package.json`,
/// `node_modules/@SCOPE/NAME/package.json`, at any depth), and Debian's packaged modules under
/// `/usr/share/nodejs` and `/usr/lib/nodejs` (the same layout without `node_modules`).
///
/// npm docs, "package.json": "The most important things in your package.json are the name and version fields as
/// they will be required"; "license": "you should specify a license … `{ "license" : "BSD-3-Clause" }`", with
/// the deprecated object (`{"type": …}`) and `licenses` array forms still met in old packages.
enum NodeCataloger {
    static let limit = 1 << 20

    static func interest(_ path: Substring) -> Interest? {
        isManifest(path) ? .whole(limit) : nil
    }

    /// `…/node_modules/[@scope/]name/package.json` or `usr/{share,lib}/nodejs/[@scope/]name/package.json`.
    static func isManifest(_ path: Substring) -> Bool {
        guard path.hasSuffix("/package.json") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return false }
        let scoped = parts[parts.count - 3].hasPrefix("@")
        let root = scoped ? parts.count - 4 : parts.count - 3
        guard root >= 0 else { return false }
        if parts[root] == "node_modules" { return true }
        return root == 2 && parts[0] == "usr" && (parts[1] == "share" || parts[1] == "lib") && parts[2] == "nodejs"
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        let manifests = files.filter { isManifest(PackageCatalog.relativePath($0.path)) }
        return FileAttribution.attribute(manifests, context: &context) { file, context in
            parse(file, context: &context).map { [$0] } ?? []
        }
    }

    struct Manifest: Decodable {
        var name: String?
        var version: String?
        var license: License?
        var licenses: [License]?
    }

    /// `"MIT"`, `{"type": "MIT", "url": …}`.
    struct License: Decodable {
        var value: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                value = text
            } else {
                struct Object: Decodable { var type: String? }
                value = (try? container.decode(Object.self))?.type
            }
        }
    }

    static func parse(_ file: CatalogFile, context: inout CatalogContext) -> Package? {
        let report = file.isLive
        if file.isTruncated {
            if report { _ = context.noteTruncated(file, limit: limit, action: "not read") }
            return nil
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(file.content))
        } catch {
            if report { context.note(file, "not valid package.json JSON: skipped") }
            return nil
        }
        guard let name = manifest.name, !name.isEmpty, let version = manifest.version, !version.isEmpty else {
            if report { context.note(file, "no name or version: skipped") }
            return nil
        }
        let licenses = ([manifest.license] + (manifest.licenses ?? [])).compactMap { $0?.value }.filter { !$0.isEmpty }
        // purl-spec's npm type: "The namespace is used for the scope of a scoped NPM package."
        let scope: String?
        let bare: String
        if name.hasPrefix("@"), let slash = name.firstIndex(of: "/") {
            scope = String(name[..<slash])
            bare = String(name[name.index(after: slash)...])
        } else {
            scope = nil
            bare = name
        }
        return Package(
            name: name, version: version, type: .npm,
            purl: PackageURL.make(type: "npm", namespace: scope, name: bare, version: version), licenses: licenses,
            locations: [file.path], addedIn: context.layer(file.layer))
    }
}
