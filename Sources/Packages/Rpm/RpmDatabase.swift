/// rpm's package databases, whichever backend wrote them: SQLite `rpmdb.sqlite` (rpm ≥ 4.16's default: Fedora 33+,
/// RHEL 9, Rocky, Alma, Amazon Linux 2023), Berkeley DB `Packages` (RHEL 7 and 8, CentOS, Amazon Linux 2) and NDB
/// `Packages.db` (SUSE), under `/var/lib/rpm` or `/usr/lib/sysimage/rpm`.
///
/// Like a Java archive, a database is reduced to a few lines as soon as the pass over the layers has read it
/// (`summary`): one a package, one a note. So the pass keeps those lines, never the database's pages.
public enum RpmDatabase {
    static let directories = ["var/lib/rpm/", "usr/lib/sysimage/rpm/"]
    /// The backends' file names, in the order one is preferred when an image holds several (a RHEL 8 image
    /// converted with `rpmdb --rebuilddb` keeps its old `Packages`).
    static let names = ["rpmdb.sqlite", "Packages.db", "Packages"]
    public static let limit = 256 << 20

    /// Whether `path` (with or without a leading `/`) is an rpm database whose content `summary` reduces.
    public static func isDatabase(_ path: String) -> Bool {
        databaseName(PackageCatalog.relativePath(path)) != nil
    }

    static func databaseName(_ path: Substring) -> String? {
        for directory in directories where path.hasPrefix(directory) {
            let name = String(path.dropFirst(directory.count))
            if names.contains(name) { return name }
        }
        return nil
    }

    static func interest(_ path: Substring) -> Interest? {
        if databaseName(path) != nil { return .prefix(limit) }
        for directory in directories where path == directory + "rpmdb.sqlite-wal" { return .prefix(1) }
        return nil
    }

    /// The database as lines: `pkg` NAME VERSION RELEASE EPOCH ARCH SOURCERPM LICENSE VENDOR (tab-separated, empty
    /// when absent), then a `file` PATH line for each of its files a language cataloger would read (for
    /// ownership); `note` MESSAGE for what could not be read. Header strings never hold tabs or newlines
    /// (`RpmHeader.text`).
    public static func summary(_ bytes: [UInt8], path: String, size: Int64) -> [UInt8] {
        var lines: [String] = []
        if Int64(bytes.count) < size {
            lines.append(
                "note\t\(size) bytes, over the \(limit)-byte limit for this file: what is before the cut is read")
        }
        var headers = 0
        var failed = 0
        var firstFailure: RpmDatabaseError?
        func header(_ blob: ArraySlice<UInt8>) {
            headers += 1
            do {
                let parsed = try RpmHeader(blob: blob) {
                    PackageCatalog.interest(PackageCatalog.relativePath($0)) != nil
                }
                // rpm's imported signing keys are headers named gpg-pubkey, not software.
                if parsed.name == "gpg-pubkey" { return }
                let fields = [
                    parsed.name, parsed.version, parsed.release, parsed.epoch.map(String.init) ?? "",
                    parsed.architecture ?? "", parsed.sourceRPM ?? "", parsed.license ?? "", parsed.vendor ?? "",
                ]
                lines.append((["pkg"] + fields).joined(separator: "\t"))
                for file in parsed.files where !file.contains("\t") && !file.contains("\n") {
                    lines.append("file\t" + file)
                }
            } catch {
                failed += 1
                if firstFailure == nil { firstFailure = error }
            }
        }
        do {
            switch databaseName(PackageCatalog.relativePath(path)) {
            case "rpmdb.sqlite":
                let table = try SQLiteTable(bytes)
                try table.rows(root: try table.rootPage(of: "Packages")) { _, values in
                    if values.count >= 2, case .blob(let blob) = values[1] {
                        header(blob)
                    } else {
                        failed += 1
                        if firstFailure == nil { firstFailure = .badSQLite("a Packages row without a blob") }
                    }
                    return true
                }
            case "Packages.db":
                for (_, blob) in try NDBPackages.blobs(bytes) {
                    switch blob {
                    case .success(let blob): header(blob)
                    case .failure(let error):
                        failed += 1
                        if firstFailure == nil { firstFailure = error }
                    }
                }
            default:
                let database = try BerkeleyHashDatabase(bytes)
                if database.isCut {
                    lines.append("note\tthe file is cut: the pages it holds are read")
                }
                database.pairs { key, value in
                    // rpm's Berkeley DB backend keeps its next header number under key 0: not a package.
                    if key.count == 4, key.allSatisfy({ $0 == 0 }) { return }
                    switch value {
                    case .success(let blob): header(blob)
                    case .failure(let error):
                        failed += 1
                        if firstFailure == nil { firstFailure = error }
                    }
                }
            }
        } catch {
            lines.append(
                "note\t\(error.description)" + (headers > 0 ? " (the \(headers) packages before it are read)" : ""))
        }
        if let firstFailure {
            lines.append(
                "note\t\(failed) package entr\(failed == 1 ? "y" : "ies") not read; the first: \(firstFailure)")
        }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }
}
