/// The catalogers and the one entry point that runs them over the files the single pass over the layers captured.
///
/// `Packages` is a leaf: it knows nothing of tar, layers or images. Whoever reads the image asks `captureLimit`
/// which files to keep (by path and size), and hands every kept version of them, live or hidden, to `catalog`.
public enum PackageCatalog {
    /// How many leading bytes of the regular file at `path` (with or without a leading `/` or `./`) some cataloger
    /// reads; 0 for none. A file larger than its cataloger's limit is kept as its first byte only, so the cataloger
    /// can say it skipped it (a 50 MB `package.json` is not read whole).
    public static func captureLimit(path: String, size: Int64) -> Int {
        let relative = relativePath(path)
        guard let interest = interest(relative) else { return 0 }
        switch interest {
        case .whole(let limit): return size > Int64(limit) ? 1 : limit
        case .prefix(let limit): return limit
        }
    }

    /// What the pass over the layers keeps of a captured file, decided as soon as it is read: a Java archive or an
    /// rpm database becomes a few lines (`JavaArchive.summary`, `RpmDatabase.summary`), a Debian copyright file its
    /// licence names (`DebCopyright.summary`); other files stay as read.
    public static func reduce(path: String, bytes: [UInt8], size: Int64) -> [UInt8] {
        if JavaArchive.isArchive(path) { return JavaArchive.summary(bytes, size: size) }
        if RpmDatabase.isDatabase(path) { return RpmDatabase.summary(bytes, path: path, size: size) }
        if DebCopyright.isCopyright(relativePath(path)) { return DebCopyright.summary(bytes, size: size) }
        return bytes
    }

    /// Whether `reduce` replaced the file's content by a summary (whose size is then its own).
    public static func isSummarised(_ path: String) -> Bool {
        JavaArchive.isArchive(path) || RpmDatabase.isDatabase(path) || DebCopyright.isCopyright(relativePath(path))
    }

    static func interest(_ path: Substring) -> Interest? {
        if let limit = OSReleaseReader.interest(path) { return limit }
        if let limit = DpkgCataloger.interest(path) { return limit }
        if let limit = DebCopyright.interest(path) { return limit }
        if let limit = ApkCataloger.interest(path) { return limit }
        if let limit = RpmDatabase.interest(path) { return limit }
        if let limit = PythonCataloger.interest(path) { return limit }
        if let limit = NodeCataloger.interest(path) { return limit }
        if let limit = RubyCataloger.interest(path) { return limit }
        if let limit = ComposerCataloger.interest(path) { return limit }
        if JavaArchive.isArchive(String(path)) { return .prefix(JavaArchive.limit) }
        return nil
    }

    /// The inventory from every captured version of the catalogers' files. `layers` names the image's layers
    /// (index, DiffID, history `created_by`) for attribution.
    public static func catalog(_ files: [CatalogFile], layers: [LayerReference]) -> PackageInventory {
        var context = CatalogContext(layers: layers)
        let all = files.sorted { ($0.layer, $0.path) < ($1.layer, $1.path) }
        let sorted = all.filter { !$0.isGoBuildInfo && !$0.isJavaArchive }
        context.operatingSystem = OSReleaseReader.read(sorted, context: &context)
        var packages: [Package] = []
        var removed: [Package] = []
        let distribution = DpkgCataloger.catalog(sorted, context: &context)
        let apk = ApkCataloger.catalog(sorted, context: &context)
        let rpm = RpmCataloger.catalog(sorted, context: &context)
        packages += distribution.live + apk.live + rpm.live
        removed += distribution.removed + apk.removed + rpm.removed
        var language: [Package] = []
        var languageRemoved: [Package] = []
        for result in [
            PythonCataloger.catalog(sorted, context: &context), NodeCataloger.catalog(sorted, context: &context),
            RubyCataloger.catalog(sorted, context: &context), ComposerCataloger.catalog(sorted, context: &context),
            GoCataloger.catalog(all, context: &context), RustCataloger.catalog(all, context: &context),
            JavaCataloger.catalog(all, context: &context),
        ] {
            language += result.live
            languageRemoved += result.removed
        }
        // A language package's files owned by a distribution package (Debian's python3-urllib3 owns urllib3's
        // egg-info): marked, so matching goes through the distribution's advisories.
        let evidence = Set(language.flatMap(\.locations))
        let owners = DpkgCataloger.owners(of: evidence, files: sorted, packages: distribution.live)
            .merging(ApkCataloger.owners(of: evidence, files: sorted, packages: apk.live)) { first, _ in first }
            .merging(rpm.owned.filter { evidence.contains($0.key) }) { first, _ in first }
        for index in language.indices {
            language[index].ownedBy = language[index].locations.lazy.compactMap { owners[$0] }.first
        }
        packages += language
        removed += languageRemoved
        // One live package per type, name, version and location; a removed one only when that version is not live.
        let liveKeys = Set(packages.map { PackageKey($0) })
        removed = removed.filter { !liveKeys.contains(PackageKey($0)) }
        return PackageInventory(
            operatingSystem: context.operatingSystem, packages: unique(packages), removed: unique(removed),
            skippedStates: context.skippedStates,
            notes: context.notes.sorted { ($0.path, $0.layer, $0.message) < ($1.path, $1.layer, $1.message) })
    }

    static func unique(_ packages: [Package]) -> [Package] {
        var seen = Set<[String]>()
        return packages.sorted(by: PackageInventory.ordered).filter {
            seen.insert([$0.type.rawValue, $0.name, $0.version] + $0.locations).inserted
        }
    }

    static func relativePath(_ path: String) -> Substring {
        var text = path[...]
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.hasPrefix("/") { text = text.dropFirst() }
        return text
    }
}

/// How much of a file a cataloger reads.
enum Interest {
    /// The whole file, up to this many bytes; a larger one is skipped with a note.
    case whole(Int)
    /// Its first bytes (METADATA's headers come before its long description).
    case prefix(Int)
}

struct PackageKey: Hashable {
    var type: PackageType
    var name: String
    var version: String

    init(_ package: Package) {
        type = package.type
        name = package.name
        version = package.version
    }
}

/// What catalogers share while they run: the layers, the operating system, and the notes they leave.
struct CatalogContext {
    var layers: [LayerReference]
    var operatingSystem: OperatingSystem?
    var notes: [CatalogNote] = []
    var skippedStates: [String: Int] = [:]

    init(layers: [LayerReference]) {
        self.layers = layers
    }

    func layer(_ index: Int) -> LayerReference {
        index >= 0 && index < layers.count ? layers[index] : LayerReference(index: index)
    }

    mutating func note(_ file: CatalogFile, _ message: String) {
        notes.append(CatalogNote(path: file.path, layer: file.layer, message: message))
    }

    /// Notes a file kept as a prefix only; true when it was (the cataloger then skips or reads what it has).
    mutating func noteTruncated(_ file: CatalogFile, limit: Int, action: String) -> Bool {
        guard file.isTruncated else { return false }
        note(file, "\(file.size) bytes, over the \(limit)-byte limit for this file: \(action)")
        return true
    }
}

/// The packages one cataloger found: in the final filesystem, and installed then removed.
struct CatalogResult {
    var live: [Package] = []
    var removed: [Package] = []
    /// Files the live packages own, for a database that lists them with the packages (rpm's headers).
    var owned: [String: PackageOwner] = [:]
}

/// Language packages, whose metadata is one file per package: live files give live packages (added by the file's
/// layer); deleted files give removed ones (removed by the layer that hid the file).
enum FileAttribution {
    static func attribute(
        _ files: [CatalogFile], context: inout CatalogContext, parse: (CatalogFile, inout CatalogContext) -> [Package]
    ) -> CatalogResult {
        var result = CatalogResult()
        for file in files where file.isLive || file.deleted {
            for var package in parse(file, &context) {
                package.addedIn = context.layer(file.layer)
                if let hidden = file.hiddenBy {
                    package.removedIn = context.layer(hidden)
                    result.removed.append(package)
                } else {
                    result.live.append(package)
                }
            }
        }
        return result
    }
}
