/// Everything the catalogers found in one image: the operating system, the packages of the final filesystem, the
/// packages some layer installed and a later one removed, and the notes about what could not be read.
public struct PackageInventory: Sendable, Hashable, Codable {
    public var operatingSystem: OperatingSystem?
    /// Packages of the final filesystem, sorted (type, name, version, first location).
    public var packages: [Package]
    /// Installed by one layer, removed by a later one (`removedIn` set), sorted the same way.
    public var removed: [Package]
    /// dpkg stanzas not reported because their state is not `install ok installed`: state → count
    /// (`deinstall ok config-files`: removed but not purged).
    public var skippedStates: [String: Int]
    /// Files a cataloger could not read or chose to skip, sorted by path.
    public var notes: [CatalogNote]

    public init(
        operatingSystem: OperatingSystem? = nil, packages: [Package] = [], removed: [Package] = [],
        skippedStates: [String: Int] = [:], notes: [CatalogNote] = []
    ) {
        self.operatingSystem = operatingSystem
        self.packages = packages
        self.removed = removed
        self.skippedStates = skippedStates
        self.notes = notes
    }

    /// Package counts by type, for summaries.
    public var countsByType: [PackageType: Int] {
        packages.reduce(into: [:]) { $0[$1.type, default: 0] += 1 }
    }

    /// The ordering every output uses.
    static func ordered(_ lhs: Package, _ rhs: Package) -> Bool {
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        if lhs.version != rhs.version { return lhs.version < rhs.version }
        if lhs.locations != rhs.locations { return lhs.locations.lexicographicallyPrecedes(rhs.locations) }
        return lhs.addedIn.index < rhs.addedIn.index
    }
}

/// One file the catalogers read: its content as the single pass over the layers captured it (possibly only a
/// prefix, `isTruncated`), which layer stored it and whether a later layer hid it.
public struct CatalogFile: Sendable, Hashable {
    /// Absolute path in the image: `/var/lib/dpkg/status`.
    public var path: String
    /// Layer that stored this version.
    public var layer: Int
    /// The captured bytes: the whole file, or its first `PackageCatalog.captureLimit` bytes.
    public var content: [UInt8]
    /// The file's full size.
    public var size: Int64
    /// The layer whose entry hid this version (deleted or overwrote it); nil when it is in the final filesystem.
    public var hiddenBy: Int?
    /// Hidden and no version of the path is in the final filesystem: the file was deleted, not rewritten.
    public var deleted: Bool
    /// The content is the Go build information `GoBuildInfoSearch` found in this executable, not the file's bytes.
    public var isGoBuildInfo: Bool

    public init(
        path: String, layer: Int, content: [UInt8], size: Int64, hiddenBy: Int? = nil, deleted: Bool = false,
        isGoBuildInfo: Bool = false
    ) {
        self.isGoBuildInfo = isGoBuildInfo
        self.path = path
        self.layer = layer
        self.content = content
        self.size = size
        self.hiddenBy = hiddenBy
        self.deleted = deleted
    }

    public var isLive: Bool { hiddenBy == nil }
    public var isTruncated: Bool { Int64(content.count) < size }
}
