/// Red Hat, Fedora, SUSE and Amazon Linux packages from rpm's database (`RpmDatabase`: SQLite, Berkeley DB or
/// NDB), which the pass over the layers has already reduced to one line a package.
///
/// Attribution over the layers' versions of the database is dpkg's (`DatabaseAttribution`); the key is the name
/// and architecture, so an upgrade (`dnf upgrade`) is the new version's layer, not a removal. Versions are rpm's
/// `[EPOCH:]VERSION-RELEASE`, what OSV's Red Hat, Rocky Linux and AlmaLinux advisories compare against.
enum RpmCataloger {
    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        let databases = files.filter { RpmDatabase.isDatabase($0.path) }
        // One database: the live one of the preferred backend (else the last one removed); others are noted.
        let live = Set(databases.filter(\.isLive).map(\.path))
        func rank(_ path: String) -> Int {
            RpmDatabase.names.firstIndex { path.hasSuffix("/" + $0) } ?? RpmDatabase.names.count
        }
        let chosen =
            live.min { (rank($0), $0) < (rank($1), $1) } ?? databases.max { $0.layer < $1.layer }?.path
        guard let chosen else { return CatalogResult() }
        for path in live.sorted() where path != chosen {
            if let file = databases.last(where: { $0.path == path && $0.isLive }) {
                context.note(file, "another rpm database, \(chosen), is the one read")
            }
        }
        for file in files where file.isLive && file.path == chosen + "-wal" && file.size > 0 {
            context.note(
                file, "a write-ahead log of \(file.size) bytes: changes not checkpointed into the database are not read"
            )
        }
        var versions: [(file: CatalogFile, packages: [String: Package])] = []
        var owned: [String: PackageOwner] = [:]
        for file in databases where file.path == chosen {
            if let last = versions.last, last.file.layer == file.layer { versions.removeLast() }
            let parsed = parse(file, context: &context, report: file.isLive || file.deleted)
            versions.append((file, parsed.packages))
            if file.isLive { owned = parsed.owned }
        }
        var result = DatabaseAttribution.attribute(versions, context: context)
        result.owned = owned
        return result
    }

    /// The packages of one summarised database, keyed by `name.arch` (`name.arch@evr` for a second version of an
    /// install-only package such as the kernel), and the language metadata files each owns.
    static func parse(_ file: CatalogFile, context: inout CatalogContext, report: Bool)
        -> (packages: [String: Package], owned: [String: PackageOwner])
    {
        var result: [String: Package] = [:]
        var owned: [String: PackageOwner] = [:]
        var last: Package?
        for line in String(decoding: file.content, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "note" where fields.count >= 2:
                if report { context.note(file, fields[1]) }
            case "file" where fields.count >= 2:
                if let last { owned[fields[1]] = PackageOwner(type: .rpm, name: last.name, version: last.version) }
            case "pkg" where fields.count >= 9:
                let header = RpmHeader(
                    name: fields[1], version: fields[2], release: fields[3], epoch: Int(fields[4]),
                    architecture: fields[5].isEmpty ? nil : fields[5], sourceRPM: fields[6].isEmpty ? nil : fields[6],
                    license: fields[7].isEmpty ? nil : fields[7], vendor: fields[8].isEmpty ? nil : fields[8])
                var key = header.name + "." + (header.architecture ?? "")
                if result[key] != nil { key += "@" + header.evr }
                let package = package(header, file: file, context: context)
                result[key] = package
                last = package
            default:
                continue
            }
        }
        return (result, owned)
    }

    /// purl-spec's rpm type: "The namespace is the vendor such as fedora or opensuse"; "The version is the combined
    /// version and release of an RPM"; "epoch (optional for RPMs) is a qualifier as it's not required for unique
    /// identification, but when the epoch exists we strongly encourage using it"; `arch` and `distro` qualifiers.
    static func package(_ header: RpmHeader, file: CatalogFile, context: CatalogContext) -> Package {
        var qualifiers: [String: String] = [:]
        if let architecture = header.architecture { qualifiers["arch"] = architecture }
        if let epoch = header.epoch { qualifiers["epoch"] = String(epoch) }
        if let system = context.operatingSystem { qualifiers["distro"] = system.purlDistro }
        if let sourceRPM = header.sourceRPM { qualifiers["upstream"] = sourceRPM }
        let versionRelease = header.release.isEmpty ? header.version : header.version + "-" + header.release
        return Package(
            name: header.name, version: header.evr, type: .rpm,
            purl: PackageURL.make(
                type: "rpm", namespace: context.operatingSystem?.id, name: header.name, version: versionRelease,
                qualifiers: qualifiers),
            source: header.source, architecture: header.architecture,
            licenses: header.license.map { [$0] } ?? [], locations: [file.path], addedIn: context.layer(file.layer))
    }
}
