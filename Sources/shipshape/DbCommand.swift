import ArgumentParser
import Findings
import Registry
import Vulnerabilities

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `shipshape db update|import|status`: the local OSV database.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The local OSV vulnerability database: download, import for machines without a network, status.",
        discussion: """
            The database is one file: $SHIPSHAPE_DB, else $XDG_CACHE_HOME/shipshape/osv.db, else \
            ~/.cache/shipshape/osv.db. Every update and import writes a new file beside it and renames it over \
            the old one, so an interrupted run leaves the old database whole.
            """,
        subcommands: [DbUpdateCommand.self, DbImportCommand.self, DbStatusCommand.self])
}

enum DbOutput {
    static var path: String { DatabaseLocation.path(environment: DatabaseLocation.processEnvironment) }

    /// The progress bar `db update` draws on a terminal (stderr only, and only when it is a TTY):
    /// `PyPI [#########           ]  45% 12 of 27 MiB`, or the MiB so far when the size is not known.
    static func progressLine(_ label: String, received: Int64, total: Int64?) -> String {
        let name = TerminalText.escaped(label)
        guard let total, total > 0 else { return "\(name): \(received >> 20) MiB" }
        let width: Int64 = 20
        let filled = Int(min(width, received * width / total))
        let percent = min(100, received * 100 / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: Int(width) - filled)
        let padded = String(repeating: " ", count: max(0, 3 - String(percent).count)) + String(percent)
        return "\(name) [\(bar)] \(padded)% \(received >> 20) of \(total >> 20) MiB"
    }

    static func print(_ summary: DatabaseImporter.Summary, path: String) {
        for note in summary.notes { Swift.print(TerminalText.escaped(note)) }
        for source in summary.sources {
            var line = "\(source.name): \(source.records) records"
            if source.withdrawn > 0 { line += ", \(source.withdrawn) withdrawn (ignored)" }
            if source.skipped > 0 { line += ", \(source.skipped) skipped as malformed" }
            if !source.newestModified.isEmpty { line += ", newest modified \(source.newestModified)" }
            Swift.print(line)
        }
        for skipped in summary.skipped { printError("shipshape: skipped \(skipped)") }
        if summary.skippedCount > summary.skipped.count {
            printError("shipshape: … and \(summary.skippedCount - summary.skipped.count) more skipped")
        }
        Swift.print("\(path): \(summary.advisories) advisories, \(summary.packages) packages")
    }
}

struct DbImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import OSV records: an all.zip, a directory of JSON or YAML records, or single record files.",
        discussion: """
            A source imported again replaces its earlier records; other sources stay. Malformed records are \
            skipped, counted and the first few named; one never fails the import. Exit codes: 0 imported; 2 a \
            PATH could not be read or the database could not be written.
            """)

    @Argument(help: "An OSV all.zip, a directory of .json/.yaml records, or a record file.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one all.zip, directory or record file") }
    }

    func run() throws {
        let database = DbOutput.path
        do {
            let summary = try DatabaseImporter().importSources(paths.map { ($0, $0) }, into: database)
            DbOutput.print(summary, path: database)
        } catch {
            throw ExitCode(fail(error.description).rawValue)
        }
    }
}

struct DbUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Download OSV's all.zip of each ecosystem and rebuild the database from them.",
        discussion: """
            Without --ecosystem: the ecosystems downloaded before, else PyPI, npm, Go, crates.io, Maven, \
            RubyGems, Packagist, NuGet, Debian, Ubuntu and Alpine. Downloads go through libcurl (TLS verified), \
            their length and the bucket's MD5 are checked; a failed download leaves the database as it was. An \
            ecosystem the database already holds is updated incrementally: the bucket's modified_id.csv names the \
            records modified since the newest one held, and only those are fetched (<ecosystem>/<id>.json); \
            without the list, with no usable line, or with more than 1,000 changes, the whole all.zip is fetched. \
            SHIPSHAPE_OSV_URL replaces the bucket's address (a mirror). Exit codes: 0 updated; 2 a download or \
            the import failed.
            """)

    @Option(name: .customLong("ecosystem"), help: "An OSV ecosystem to download (repeatable), e.g. PyPI, Debian.")
    var ecosystems: [String] = []

    func run() async throws {
        let database = DbOutput.path
        let base = getenv("SHIPSHAPE_OSV_URL").map { String(cString: $0) } ?? DatabaseUpdater.bucket
        let updater = DatabaseUpdater(client: CurlHTTPClient(parallelism: 1, timeout: 600), baseURL: base)
        let chosen = DatabaseUpdater.ecosystems(named: ecosystems, database: database, baseURL: base)
        let terminal = isatty(2) == 1
        do {
            let summary = try await updater.update(ecosystems: chosen, database: database) { label, received, total in
                guard terminal else { return }
                FileHandleStderr.write("\r\u{1B}[K" + DbOutput.progressLine(label, received: received, total: total))
            }
            if terminal { FileHandleStderr.write("\r\u{1B}[K") }
            DbOutput.print(summary, path: database)
        } catch {
            if terminal { FileHandleStderr.write("\r\u{1B}[K") }
            throw ExitCode(fail(error.description).rawValue)
        }
    }
}

struct DbStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What the database holds: each source, its record count and newest modified time.",
        discussion: "Exit codes: 0 the database is readable; 2 there is none, or it is corrupt.")

    @Flag(help: "Also check the whole file's checksum.")
    var verify = false

    func run() throws {
        let path = DbOutput.path
        do {
            let database = try VulnerabilityDatabase(path: path)
            if verify && !database.verify() {
                throw DatabaseError.corrupt("'\(path)': its checksum does not match its contents")
            }
            print("\(path): \(database.advisoryCount) advisories, \(database.keyCount) packages")
            for source in database.sources {
                var line = "  \(source.name): \(source.records) records"
                if !source.newestModified.isEmpty { line += ", newest modified \(source.newestModified)" }
                if source.skipped > 0 { line += ", \(source.skipped) skipped" }
                if source.withdrawn > 0 { line += ", \(source.withdrawn) withdrawn" }
                print(line)
            }
            for (ecosystem, packages) in try database.ecosystems() { print("  \(ecosystem): \(packages) packages") }
        } catch let error as DatabaseError {
            throw ExitCode(fail(error.description).rawValue)
        }
    }
}
