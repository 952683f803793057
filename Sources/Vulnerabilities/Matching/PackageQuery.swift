/// One installed package, as the matcher asks about it.
public struct PackageQuery: Sendable, Hashable {
    /// The OSV ecosystem: "PyPI", "npm", "Go", "Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.20", …
    public var ecosystem: String
    public var name: String
    public var version: String
    /// Debian and Ubuntu advisories are keyed by the source package and its version (`Source: name (version)` in
    /// the dpkg status; Alpine's `o:` origin); without them the binary's name and version are used.
    public var sourceName: String?
    public var sourceVersion: String?
    /// The distro package that owns this language package's files: it is matched through the distro's
    /// advisories only (Debian backports fixes without changing the upstream version).
    public var ownedBy: String?
    public var purl: String?
    /// The layer (digest) that added the package and that layer's history entry, for the report.
    public var layer: String?
    public var createdBy: String?
    /// Whether that layer belongs to the base image (advice: rebuild on a newer base).
    public var fromBaseImage: Bool
    /// The file that shows the package (its database entry or metadata), for the report's `path`.
    public var location: String?

    public init(
        ecosystem: String, name: String, version: String, sourceName: String? = nil, sourceVersion: String? = nil,
        ownedBy: String? = nil, purl: String? = nil, layer: String? = nil, createdBy: String? = nil,
        fromBaseImage: Bool = false, location: String? = nil
    ) {
        self.location = location
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.ownedBy = ownedBy
        self.purl = purl
        self.layer = layer
        self.createdBy = createdBy
        self.fromBaseImage = fromBaseImage
    }

    /// Whether the ecosystem's advisories are keyed by source package (Debian, Ubuntu, Alpine's origin).
    var matchesBySource: Bool {
        ecosystem.hasPrefix("Debian") || ecosystem.hasPrefix("Ubuntu") || ecosystem.hasPrefix("Alpine")
    }

    /// The name and version to look up.
    var lookupName: String { matchesBySource ? (sourceName ?? name) : name }
    var lookupVersion: String {
        guard matchesBySource else { return version }
        // An Alpine origin shares the package's version; a Debian source version may differ (epoch, binNMU).
        if ecosystem.hasPrefix("Alpine") { return version }
        return sourceVersion ?? version
    }
}
