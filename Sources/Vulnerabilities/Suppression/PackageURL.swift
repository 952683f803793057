/// A package URL reduced to what identifies a package for a VEX statement: type, namespace and name (normalised
/// as the ecosystem compares names) and the version when one is given.
struct PackageURL: Sendable, Hashable {
    var base: String
    var version: String?

    init?(_ text: String) {
        guard let purl = PURL(text) else { return nil }
        var rest = Substring(text.dropFirst(4))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        version = rest.lastIndex(of: "@").map { PURL.decode(String(rest[rest.index(after: $0)...])) }
        base = Self.base(type: purl.type, namespace: purl.namespace, name: purl.name)
    }

    /// The identity of a package that has no purl: its ecosystem's purl type and its name.
    init(query: PackageQuery) {
        let type =
            switch query.ecosystem.split(separator: ":").first.map(String.init) ?? "" {
            case "PyPI": "pypi"
            case "npm": "npm"
            case "Go": "golang"
            case "crates.io": "cargo"
            case "RubyGems": "gem"
            case "Maven": "maven"
            case "Packagist": "composer"
            case "NuGet": "nuget"
            case "Alpine": "apk"
            default: "deb"
            }
        base = Self.base(type: type, namespace: nil, name: query.name)
        version = query.version
    }

    static func base(type: String, namespace: String?, name: String) -> String {
        let normalizedName =
            type == "pypi"
            ? PackageName.normalized(name, ecosystem: "PyPI") : type == "golang" ? name : name.lowercased()
        // Distribution namespaces (debian, ubuntu, alpine) are not compared: the ecosystem already says which.
        let kept = ["deb", "apk", "rpm"].contains(type) ? nil : namespace?.lowercased()
        return type + "/" + (kept.map { $0 + "/" } ?? "") + normalizedName
    }

    /// Whether a statement about `self` covers the package `other`: the same package, and the same version when
    /// the statement names one.
    func covers(_ other: PackageURL) -> Bool {
        base == other.base && (version == nil || version == other.version)
    }

    static func isImage(_ text: String) -> Bool { text.hasPrefix("pkg:oci/") || text.hasPrefix("pkg:docker/") }
}
