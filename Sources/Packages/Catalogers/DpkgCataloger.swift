/// Debian packages from dpkg's database: `/var/lib/dpkg/status`, distroless images' `/var/lib/dpkg/status.d/*`
/// (one stanza a file, no `Status` field), and the files each package owns from `/var/lib/dpkg/info/*.list`.
///
/// Which layer added a package comes from the versions of the status file the layers stored: the package's layer
/// is the first of the run of versions, up to the final one, that list it installed with the same version; a
/// package some version lists installed and the final one does not was removed by the next version's layer.
enum DpkgCataloger {
    static let statusPath = "/var/lib/dpkg/status"
    static let statusDirectory = "/var/lib/dpkg/status.d/"
    static let infoDirectory = "/var/lib/dpkg/info/"
    static let databaseLimit = 64 << 20
    static let listLimit = 8 << 20
    static let fields: Set<String> = ["Package", "Status", "Version", "Architecture", "Source"]

    static func interest(_ path: Substring) -> Interest? {
        if path == "var/lib/dpkg/status" { return .prefix(databaseLimit) }
        if path.hasPrefix("var/lib/dpkg/status.d/") {
            let name = path.dropFirst("var/lib/dpkg/status.d/".count)
            return name.contains("/") || name.hasSuffix(".md5sums") ? nil : .whole(1 << 20)
        }
        if path.hasPrefix("var/lib/dpkg/info/") && path.hasSuffix(".list") { return .whole(listLimit) }
        return nil
    }

    static func catalog(_ files: [CatalogFile], context: inout CatalogContext) -> CatalogResult {
        var result = CatalogResult()
        // The status file: one version per layer that wrote it (the last entry of that layer), bottom first.
        var versions: [(file: CatalogFile, packages: [String: Package])] = []
        for file in files where file.path == statusPath {
            let packages = parseStatus(file, context: &context, countSkipped: file.isLive)
            if let last = versions.last, last.file.layer == file.layer { versions.removeLast() }
            versions.append((file, packages))
        }
        if !versions.isEmpty {
            let attributed = DatabaseAttribution.attribute(versions, context: context)
            result.live += attributed.live
            result.removed += attributed.removed
        }
        // Distroless: a file per package.
        let fragments = files.filter { $0.path.hasPrefix(statusDirectory) }
        let perFile = FileAttribution.attribute(fragments, context: &context) { file, context in
            Array(parseStatus(file, context: &context, countSkipped: file.isLive).values)
        }
        result.live += perFile.live
        result.removed += perFile.removed
        // File counts from the live info/*.list files.
        var counts: [String: Int] = [:]
        for file in files where file.isLive && file.path.hasPrefix(infoDirectory) && file.path.hasSuffix(".list") {
            counts[listOwner(file.path)] = file.content.reduce(0) { $0 + ($1 == 0x0a ? 1 : 0) }
        }
        // Declared licences from the machine-readable copyright files (`DebCopyright`).
        let licenses = DebCopyright.licenses(files)
        for index in result.live.indices {
            let package = result.live[index]
            result.live[index].fileCount =
                counts[package.name + ":" + (package.architecture ?? "")] ?? counts[package.name]
            if let declared = licenses[package.name] { result.live[index].licenses = declared }
        }
        return result
    }

    /// `info/NAME.list` or, for Multi-Arch: same packages, `info/NAME:ARCH.list`: the key `owners` uses.
    static func listOwner(_ path: String) -> String {
        String(path.dropFirst(infoDirectory.count).dropLast(".list".count))
    }

    /// The installed packages of one status file, keyed by `name:architecture`.
    ///
    /// dpkg-query(1), "Status": "the first word is the wanted state (unknown, install, hold, deinstall, purge),
    /// the second the error flag (ok, reinstreq), the third the package state (not-installed, config-files,
    /// half-installed, unpacked, half-configured, triggers-awaited, triggers-pending, installed)". Only the `ok`
    /// `installed` ones are installed (`install` or `hold`); the others are counted by state in the final version.
    static func parseStatus(_ file: CatalogFile, context: inout CatalogContext, countSkipped report: Bool)
        -> [String: Package]
    {
        // Notes and skipped states only for the version in the final filesystem (or a deleted one): the lower
        // versions of the status file would repeat them once a layer.
        func note(_ message: String) { if report { context.note(file, message) } }
        let truncated = file.isTruncated
        if truncated && report {
            _ = context.noteTruncated(file, limit: databaseLimit, action: "the stanzas before the cut are read")
        }
        var result: [String: Package] = [:]
        let fragment = file.path.hasPrefix(statusDirectory)
        for stanza in Deb822.stanzas(file.content, wanted: fields, complete: !truncated) {
            guard let name = stanza.fields["Package"], !name.isEmpty else {
                note("the stanza at line \(stanza.line) has no Package field: skipped")
                continue
            }
            if let status = stanza.fields["Status"] {
                let words = status.split(separator: " ")
                let installed =
                    words.count == 3 && (words[0] == "install" || words[0] == "hold") && words[1] == "ok"
                    && words[2] == "installed"
                if !installed {
                    if report { context.skippedStates[status, default: 0] += 1 }
                    continue
                }
            } else if !fragment {
                note("package '\(name)' (line \(stanza.line)) has no Status field: skipped")
                continue
            }
            guard let version = stanza.fields["Version"], !version.isEmpty else {
                note("package '\(name)' (line \(stanza.line)) has no Version field: skipped")
                continue
            }
            let architecture = stanza.fields["Architecture"]
            let source = sourcePackage(stanza.fields["Source"], name: name, version: version)
            let key = name + ":" + (architecture ?? "")
            result[key] = Package(
                name: name, version: version, type: .deb,
                purl: purl(name: name, version: version, architecture: architecture, source: source, context: context),
                source: source, architecture: architecture, locations: [file.path], addedIn: context.layer(file.layer))
        }
        return result
    }

    /// deb-control(5), "Source: source-name [(source-version)]": "the name of the source package … If the source
    /// version differs from the binary version, then the source-name will be followed by a source-version in
    /// parenthesis." dpkg-query(1) `${source:Package}` and `${source:Version}` fall back to the binary package's
    /// name and its full version (epoch included) where the field or the parenthesis is absent.
    static func sourcePackage(_ field: String?, name: String, version: String) -> SourcePackage {
        guard let field, !field.isEmpty else { return SourcePackage(name: name, version: version) }
        let parts = field.split(separator: " ", maxSplits: 1)
        let sourceName = parts.first.map(String.init) ?? name
        if parts.count == 2, parts[1].hasPrefix("("), parts[1].hasSuffix(")") {
            let inner = parts[1].dropFirst().dropLast().trimmingPrefix(" ")
            if !inner.isEmpty { return SourcePackage(name: sourceName, version: String(inner)) }
        }
        return SourcePackage(name: sourceName, version: version)
    }

    /// purl-spec's deb type: "The namespace is the "vendor" name such as "debian" or "ubuntu""; qualifiers
    /// `arch` and `distro`; the source package as `upstream` when it differs.
    static func purl(
        name: String, version: String, architecture: String?, source: SourcePackage, context: CatalogContext
    ) -> String {
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if let system = context.operatingSystem { qualifiers["distro"] = system.purlDistro }
        if source.name != name || source.version != version {
            qualifiers["upstream"] = source.version == version ? source.name : source.name + "@" + source.version
        }
        let vendor = context.operatingSystem.map { $0.id == "ubuntu" ? "ubuntu" : $0.id } ?? "debian"
        return PackageURL.make(type: "deb", namespace: vendor, name: name, version: version, qualifiers: qualifiers)
    }

    /// For each of `paths` (language packages' metadata files) that a live dpkg package lists in its
    /// `info/*.list`, that package. The lists are scanned line by line, never kept as sets of every path.
    static func owners(of paths: Set<String>, files: [CatalogFile], packages: [Package]) -> [String: PackageOwner] {
        guard !paths.isEmpty else { return [:] }
        var wanted: [[UInt8]: String] = [:]
        for path in paths { wanted[Array(path.utf8)] = path }
        var byName: [String: Package] = [:]
        for package in packages where package.type == .deb {
            byName[package.name] = package
            byName[package.name + ":" + (package.architecture ?? "")] = package
        }
        var result: [String: PackageOwner] = [:]
        for file in files where file.isLive && file.path.hasPrefix(infoDirectory) && file.path.hasSuffix(".list") {
            let key = listOwner(file.path)
            guard let owner = byName[key] ?? byName[String(key.prefix(while: { $0 != ":" }))] else { continue }
            for line in file.content.split(separator: 0x0a) {
                if let path = wanted[Array(line)] {
                    result[path] = PackageOwner(type: .deb, name: owner.name, version: owner.version)
                }
            }
        }
        return result
    }
}

/// Attribution over the versions of one package database file (dpkg status, apk installed): see `DpkgCataloger`.
enum DatabaseAttribution {
    static func attribute(
        _ versions: [(file: CatalogFile, packages: [String: Package])], context: CatalogContext
    ) -> CatalogResult {
        var result = CatalogResult()
        guard let last = versions.last else { return result }
        let final = last.file.isLive ? last.packages : [:]
        // Live packages: walk back while the same version is listed.
        for (key, package) in final {
            var first = versions.count - 1
            while first > 0, versions[first - 1].packages[key]?.version == package.version { first -= 1 }
            var attributed = package
            attributed.addedIn = context.layer(versions[first].file.layer)
            result.live.append(attributed)
        }
        // Removed: listed by some version, not by the final one (an upgrade keeps the key and is not a removal).
        var reported = Set<String>()
        for position in versions.indices.reversed() {
            for (key, package) in versions[position].packages where final[key] == nil && !reported.contains(key) {
                reported.insert(key)
                var first = position
                while first > 0, versions[first - 1].packages[key]?.version == package.version { first -= 1 }
                var attributed = package
                attributed.addedIn = context.layer(versions[first].file.layer)
                let removedBy =
                    position + 1 < versions.count
                    ? versions[position + 1].file.layer : (versions[position].file.hiddenBy ?? last.file.layer)
                attributed.removedIn = context.layer(removedBy)
                result.removed.append(attributed)
            }
        }
        return result
    }
}
