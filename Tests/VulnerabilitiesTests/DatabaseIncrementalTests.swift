import Foundation
import Registry
import TestSupport
import Testing

@testable import Vulnerabilities

/// `db update` with the bucket's `modified_id.csv`, against the local bucket server (`BucketServer`): only the
/// records modified after the database's newest are fetched, from `<ecosystem>/<id>.json`; the whole `all.zip`
/// without a prior import, without a list, with a list too large or with too many changes.
@Suite("db update, incremental, against a local bucket", .timeLimit(.minutes(2)))
struct DatabaseIncrementalTests {
    static func record(_ id: String, versions: [String], modified: String, withdrawn: Bool = false) -> String {
        Fixtures.record(
            id, ecosystem: "PyPI", package: "Flask", versions: versions, withdrawn: withdrawn, modified: modified)
    }

    /// The paths the bucket was asked for since the last call (the log is emptied).
    static func requests(_ root: String) -> [String] {
        let log = root + "/requests.log"
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: log)
        return text.split(separator: "\n").map(String.init)
    }

    @Test("only the records modified_id.csv lists as newer are fetched; hostile lines and records are refused")
    func incremental() async throws {
        let root = try TestFiles.scratchDirectory("osv-bucket")
        let pypi = root + "/PyPI"
        try FileManager.default.createDirectory(atPath: pypi, withIntermediateDirectories: true)
        let first = Self.record("PYSEC-2099-1", versions: ["1.0"], modified: "2024-01-01T00:00:00Z")
        let second = Self.record("PYSEC-2099-2", versions: ["2.0"], modified: "2024-01-02T00:00:00Z")
        _ = try Fixtures.zip(
            "z.writestr('PYSEC-2099-1.json', '''\(first)''')\nz.writestr('PYSEC-2099-2.json', '''\(second)''')",
            in: pypi)
        let server = try await BucketServer(root: root)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let updater = DatabaseUpdater(client: CurlHTTPClient(parallelism: 1, timeout: 30), baseURL: base)
        let path = try TestFiles.scratchDirectory("osv-db") + "/osv.db"

        // No prior import: the whole all.zip, and no list asked for.
        _ = try await updater.update(ecosystems: ["PyPI"], database: path)
        #expect(Self.requests(root) == ["/PyPI/all.zip"])
        // A prior import but no modified_id.csv: the whole all.zip again, and the note says why.
        var summary = try await updater.update(ecosystems: ["PyPI"], database: path)
        #expect(Self.requests(root) == ["/PyPI/modified_id.csv", "/PyPI/all.zip"])
        #expect(summary.notes.contains { $0.contains("no modified_id.csv") })

        // The list, newest first (CRLF lines): a new record whose time has a fraction (after the whole second as a
        // time, before it as text), hostile ids, a malformed line, an offset that is not UTC, a file holding
        // another id, a record withdrawn since, an updated one, one the bucket no longer has; the last two lines
        // are not newer than the database.
        let lines = [
            "2024-03-01T00:00:00.5Z,PYSEC-2099-3", "2024-02-03T00:00:00Z,../../etc/passwd",
            "2024-02-03T00:00:00Z,a/b", "not a line", "2024-02-03T00:00:00+02:00,PYSEC-2099-5",
            "2024-02-02T12:00:00Z,PYSEC-2099-9", "2024-02-02T00:00:00Z,PYSEC-2099-2",
            "2024-02-01T00:00:00Z,PYSEC-2099-1", "2024-01-31T00:00:00Z,PYSEC-2099-4",
            "2024-01-02T00:00:00Z,PYSEC-2099-2", "2024-01-01T00:00:00Z,PYSEC-2099-1",
        ]
        try (lines.joined(separator: "\r\n") + "\r\n").write(
            toFile: pypi + "/modified_id.csv", atomically: false, encoding: .utf8)
        let files = [
            "PYSEC-2099-3": Self.record("PYSEC-2099-3", versions: ["3.0"], modified: "2024-03-01T00:00:00.5Z"),
            "PYSEC-2099-1": Self.record("PYSEC-2099-1", versions: ["1.0", "1.1"], modified: "2024-02-01T00:00:00Z"),
            "PYSEC-2099-2": Self.record(
                "PYSEC-2099-2", versions: ["2.0"], modified: "2024-02-02T00:00:00Z", withdrawn: true),
            "PYSEC-2099-9": Self.record("PYSEC-2099-8", versions: ["9.0"], modified: "2024-02-02T12:00:00Z"),
        ]
        for (id, text) in files { try text.write(toFile: "\(pypi)/\(id).json", atomically: false, encoding: .utf8) }
        summary = try await updater.update(ecosystems: ["PyPI"], database: path)
        let asked = Self.requests(root)
        let fetched = ["PYSEC-2099-3", "PYSEC-2099-9", "PYSEC-2099-2", "PYSEC-2099-1", "PYSEC-2099-4"]
        #expect(asked == ["/PyPI/modified_id.csv"] + fetched.map { "/PyPI/\($0).json" })
        #expect(!asked.contains { $0.contains("..") || $0.contains("etc") || $0.contains("a/b") })
        #expect(summary.notes.contains { $0.contains("5 records modified after") && $0.contains("4 lines") })
        #expect(summary.notes.contains { $0.contains("1 no longer in the bucket") })
        #expect(summary.skipped.contains { $0.contains("PYSEC-2099-9.json") && $0.contains("'PYSEC-2099-8'") })
        let database = try VulnerabilityDatabase(path: path)
        #expect(database.sources.map(\.name) == [base + "/PyPI/all.zip"])
        #expect(database.sources.first?.newestModified == "2024-03-01T00:00:00.5Z")
        #expect(database.sources.first?.records == 2)
        let matcher = Matcher(database: database)
        func ids(_ version: String) throws -> [String] {
            try matcher.match(PackageQuery(ecosystem: "PyPI", name: "Flask", version: version)).map(\.id)
        }
        #expect(try ids("1.1") == ["PYSEC-2099-1"])
        #expect(try ids("2.0").isEmpty)
        #expect(try ids("3.0") == ["PYSEC-2099-3"])
        #expect(try ids("9.0").isEmpty)

        // Nothing newer: only the list is fetched, and the database is not rewritten.
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        summary = try await updater.update(ecosystems: ["PyPI"], database: path)
        #expect(Self.requests(root) == ["/PyPI/modified_id.csv"])
        #expect(summary.notes.contains { $0.contains("up to date") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        // More changes than fetching one by one is worth: the whole all.zip.
        let many = (0..<1_500).map { "2025-01-01T00:00:00Z,PYSEC-3000-\($0)" }
        try many.joined(separator: "\n").write(toFile: pypi + "/modified_id.csv", atomically: false, encoding: .utf8)
        summary = try await updater.update(ecosystems: ["PyPI"], database: path)
        #expect(Self.requests(root) == ["/PyPI/modified_id.csv", "/PyPI/all.zip"])
        #expect(summary.notes.contains { $0.contains("1500 records modified") })

        // A list larger than the bound is not read: the whole all.zip.
        var bounded = updater
        bounded.listLimit = 1_024
        summary = try await bounded.update(ecosystems: ["PyPI"], database: path)
        #expect(Self.requests(root) == ["/PyPI/modified_id.csv", "/PyPI/all.zip"])
        #expect(summary.notes.contains { $0.contains("could not be used") && $0.contains("limit") })
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["osv.db"])
    }

    @Test("modified_id.csv times compare as times (fractions, UTC offsets); malformed times and ids are refused")
    func timestamps() {
        let key = DatabaseUpdater.timestampKey
        #expect(key("2024-01-01T00:00:00Z") == "2024-01-01T00:00:00.000000000")
        #expect(key("2024-01-01T00:00:00.5Z") == "2024-01-01T00:00:00.500000000")
        #expect(key("2024-01-01T00:00:00.123456789+00:00") == "2024-01-01T00:00:00.123456789")
        #expect((key("2024-01-01T00:00:00.5Z") ?? "") > (key("2024-01-01T00:00:00Z") ?? ""))
        let malformed = [
            "", "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T00:00:00+02:00", "2024-1-01T00:00:00Z",
            "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "../x",
        ]
        for bad in malformed { #expect(key(bad) == nil, "\(bad)") }
        #expect(DatabaseUpdater.isRecordID("GHSA-jfhm-5ghh-2f97") && DatabaseUpdater.isRecordID("DEBIAN-CVE-2024-1"))
        for bad in ["", "../x", "a/b", ".hidden", "a b", "x%2F", String(repeating: "a", count: 201)] {
            #expect(!DatabaseUpdater.isRecordID(bad), "\(bad)")
        }
    }
}
