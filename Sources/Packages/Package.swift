/// One package found in an image: what it is (name, version, type, PURL), where it came from (the source package
/// of a distribution package, the layer and the history entry that added it) and the files that show it.
///
/// A value with no identity: two scans of one image give equal packages. Sorted by `PackageInventory` (type,
/// name, version, first location), so every output is deterministic.
public struct Package: Sendable, Hashable, Codable {
    public var name: String
    public var version: String
    public var type: PackageType
    /// purl-spec, e.g. `pkg:deb/debian/openssl@3.0.15-1~deb12u1?arch=amd64&distro=debian-12`.
    public var purl: String
    /// The distribution's source package and its version (`dpkg-query ${source:Version}`; apk's `o:` origin with
    /// the package version; rpm's source RPM). Nil for language packages.
    public var source: SourcePackage?
    /// dpkg/apk/rpm architecture (`amd64`, `all`, `x86_64`), when the database names it.
    public var architecture: String?
    /// Declared licences as the metadata states them (SPDX expressions where the format uses them).
    public var licenses: [String]
    /// The files that show the package: its database entry, METADATA, package.json, the executable; absolute.
    public var locations: [String]
    /// How many files the package owns (dpkg `info/NAME.list`, RECORD), when known.
    public var fileCount: Int?
    /// The layer whose files added this version of the package.
    public var addedIn: LayerReference
    /// The layer that removed it, for packages that were installed and removed again (`PackageInventory.removed`).
    public var removedIn: LayerReference?
    /// The distribution package that owns this language package's files (Debian's `python3-urllib3` owns
    /// `urllib3`'s metadata): advisories for it are the distribution's, not the language ecosystem's.
    public var ownedBy: PackageOwner?

    public init(
        name: String, version: String, type: PackageType, purl: String, source: SourcePackage? = nil,
        architecture: String? = nil, licenses: [String] = [], locations: [String] = [], fileCount: Int? = nil,
        addedIn: LayerReference, removedIn: LayerReference? = nil, ownedBy: PackageOwner? = nil
    ) {
        self.name = name
        self.version = version
        self.type = type
        self.purl = purl
        self.source = source
        self.architecture = architecture
        self.licenses = licenses
        self.locations = locations
        self.fileCount = fileCount
        self.addedIn = addedIn
        self.removedIn = removedIn
        self.ownedBy = ownedBy
    }
}

/// The kind of a package: which database or metadata format showed it.
public enum PackageType: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case deb
    case apk
    case rpm
    case python
    case npm
    case goModule = "go-module"
    case rust = "rust-crate"
    case java
    case gem
    case composer

    /// The purl-spec type (`pkg:TYPE/…`).
    public var purlType: String {
        switch self {
        case .deb: "deb"
        case .apk: "apk"
        case .rpm: "rpm"
        case .python: "pypi"
        case .npm: "npm"
        case .goModule: "golang"
        case .rust: "cargo"
        case .java: "maven"
        case .gem: "gem"
        case .composer: "composer"
        }
    }

    /// A distribution package (its advisories come from the distribution, keyed by `OperatingSystem.ecosystem`).
    public var isDistribution: Bool { self == .deb || self == .apk || self == .rpm }

    /// The OSV ecosystem of a language package (`PyPI`, `npm`, `Go`, `Maven`, `RubyGems`, `Packagist`); nil for
    /// distribution packages, whose ecosystem is the operating system's.
    public var languageEcosystem: String? {
        switch self {
        case .deb, .apk, .rpm: nil
        case .python: "PyPI"
        case .npm: "npm"
        case .goModule: "Go"
        case .rust: "crates.io"
        case .java: "Maven"
        case .gem: "RubyGems"
        case .composer: "Packagist"
        }
    }

    public static func < (lhs: PackageType, rhs: PackageType) -> Bool {
        guard let left = allCases.firstIndex(of: lhs), let right = allCases.firstIndex(of: rhs) else { return false }
        return left < right
    }
}

/// A distribution source package: the name and version distribution advisories are keyed by.
public struct SourcePackage: Sendable, Hashable, Codable {
    public var name: String
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// The distribution package that owns a language package's files.
public struct PackageOwner: Sendable, Hashable, Codable {
    public var type: PackageType
    public var name: String
    public var version: String

    public init(type: PackageType, name: String, version: String) {
        self.type = type
        self.name = name
        self.version = version
    }
}

/// A layer of the image: its index (0 = bottom), DiffID and the history entry that made it.
public struct LayerReference: Sendable, Hashable, Codable {
    public var index: Int
    public var diffID: String?
    /// The history entry's `created_by`: the Dockerfile instruction that made the layer, when the image says.
    public var createdBy: String?

    public init(index: Int, diffID: String? = nil, createdBy: String? = nil) {
        self.index = index
        self.diffID = diffID
        self.createdBy = createdBy
    }
}

/// Something a cataloger could not read, or chose to skip: the file, the layer and what happened.
public struct CatalogNote: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var layer: Int
    public var message: String

    public init(path: String, layer: Int, message: String) {
        self.path = path
        self.layer = layer
        self.message = message
    }

    public var description: String { "\(path) (layer \(layer)): \(message)" }
}
