import Foundation
import TestSupport
import Testing

@testable import Vulnerabilities

@Suite("The database: zip import, hostile archives, atomic replacement")
struct DatabaseTests {
    static let record = Fixtures.record(
        "PYSEC-2099-7", ecosystem: "PyPI", package: "Flask",
        ranges: Fixtures.range([("introduced", "0"), ("fixed", "2.2.5")]))

    func databasePath() throws -> String { try TestFiles.scratchDirectory("osv-db") + "/sub/osv.db" }

    @Test("an all.zip (deflated and stored members, written by Python's zipfile) imports; malformed records are named")
    func zipImport() throws {
        let directory = try TestFiles.scratchDirectory("osv-zip")
        let zip = try Fixtures.zip(
            """
            z.writestr('PYSEC-2099-7.json', '''\(Self.record)''')
            z.writestr(zipfile.ZipInfo('GO-2099-1.json'), '''\(Fixtures.record("GO-2099-1", ecosystem: "Go", package: "example.com/m", ranges: Fixtures.range("SEMVER", [("introduced", "0"), ("fixed", "1.2.0")])))''')
            z.writestr('broken.json', '{"id": "X", ')
            z.writestr('noid.json', '{"modified": "2024-01-01T00:00:00Z"}')
            z.writestr('README.txt', 'not a record')
            """, in: directory)
        let path = try databasePath()
        let summary = try DatabaseImporter().importSources([(zip, "all.zip")], into: path)
        #expect(summary.advisories == 2)
        #expect(summary.skippedCount == 2)
        #expect(summary.skipped.contains { $0.hasPrefix("broken.json: invalid JSON") })
        #expect(summary.skipped.contains { $0.hasPrefix("noid.json") && $0.contains("\"id\"") })
        let database = try VulnerabilityDatabase(path: path)
        #expect(database.verify())
        #expect(try database.lookup(ecosystem: "PyPI", name: "flask").map(\.advisory.id) == ["PYSEC-2099-7"])
        #expect(try database.lookup(ecosystem: "Go", name: "example.com/m").count == 1)
        #expect(database.sources.first?.newestModified == "2024-01-02T03:04:05Z")
    }

    @Test("hostile members: path traversal, absolute names, a zip bomb, a 100 MB record")
    func hostile() throws {
        let directory = try TestFiles.scratchDirectory("osv-hostile")
        let zip = try Fixtures.zip(
            """
            z.writestr('../../etc/evil.json', '''\(Self.record)''')
            z.writestr('/abs.json', '''\(Self.record)''')
            z.writestr('big.json', b'{"id": "BIG", "modified": "x", "details": "' + b'A' * (100 << 20) + b'"}')
            z.writestr('ok.json', '''\(Self.record)''')
            """, in: directory)
        // A member whose header claims 10 bytes but that inflates to 50 MB: patch the sizes in both headers.
        let bomb = directory + "/bomb.zip"
        let script = """
            import zipfile, struct, sys, zlib
            data = b'{' + b' ' * (50 << 20) + b'}'
            z = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED); z.writestr('bomb.json', data); z.close()
            b = bytearray(open(sys.argv[1], 'rb').read())
            for sig, off in ((b'PK\\x03\\x04', 22), (b'PK\\x01\\x02', 24)):
                i = b.find(sig); b[i+off:i+off+4] = struct.pack('<I', 10)
            open(sys.argv[1], 'wb').write(b)
            """
        let made = try TestProcess.run("python3", ["-c", script, bomb])
        try #require(made.succeeded, "\(made.stderr)")
        let path = try databasePath()
        let summary = try DatabaseImporter().importSources([(zip, "hostile.zip"), (bomb, "bomb.zip")], into: path)
        #expect(summary.advisories == 1)
        #expect(summary.skippedCount == 4)
        let text = summary.skipped.joined(separator: "\n")
        #expect(
            text.contains("../../etc/evil.json: zip member '../../etc/evil.json': the name is absolute or climbs out"))
        #expect(text.contains("/abs.json"))
        #expect(text.contains("big.json: zip member 'big.json': it is 104857") && text.contains("limit for one record"))
        #expect(text.contains("bomb.json") && text.contains("beyond its declared size"))
        // Nothing was written outside the database's directory.
        let written = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
        #expect(written == ["osv.db"])
    }

    @Test("a truncated or non-zip archive is a clear error, and the database stays as it was")
    func truncated() throws {
        let directory = try TestFiles.scratchDirectory("osv-trunc")
        let zip = try Fixtures.zip("z.writestr('a.json', '''\(Self.record)''')", in: directory)
        let path = try databasePath()
        _ = try DatabaseImporter().importSources([(zip, "good")], into: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: zip))
        try bytes.prefix(bytes.count - 30).write(to: URL(fileURLWithPath: zip))
        #expect {
            try DatabaseImporter().importSources([(zip, "bad")], into: path)
        } throws: { error in
            "\(error)".contains("is not a readable zip archive")
        }
        #expect(throws: DatabaseError.self) {
            try DatabaseImporter().importSources([("/nonexistent/x", "x")], into: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("sources accumulate; importing one again replaces its records")
    func sources() throws {
        let first = try Fixtures.directory(["a.json": Self.record])
        let second = try Fixtures.directory([
            "b.json": Fixtures.record("GHSA-2099-b", ecosystem: "npm", package: "lodash", versions: ["4.17.20"])
        ])
        let path = try databasePath()
        _ = try DatabaseImporter().importSources([(first, "first")], into: path)
        _ = try DatabaseImporter().importSources([(second, "second")], into: path)
        var database = try VulnerabilityDatabase(path: path)
        #expect(database.sources.map(\.name) == ["first", "second"])
        #expect(database.advisoryCount == 2)
        try Fixtures.record("GHSA-2099-c", ecosystem: "npm", package: "lodash", versions: ["4.17.21"])
            .write(toFile: second + "/b.json", atomically: false, encoding: .utf8)
        _ = try DatabaseImporter().importSources([(second, "second")], into: path)
        database = try VulnerabilityDatabase(path: path)
        #expect(database.advisoryCount == 2)
        #expect(try database.lookup(ecosystem: "npm", name: "lodash").map(\.advisory.id) == ["GHSA-2099-c"])
    }

    @Test("a missing database says how to get one; a corrupt one is an error that an import repairs")
    func corrupt() throws {
        let path = try databasePath()
        #expect(throws: DatabaseError.missing(path: path)) { try VulnerabilityDatabase(path: path) }
        #expect("\(DatabaseError.missing(path: path))".contains("shipshape db update"))
        _ = try DatabaseImporter().importSources([(try Fixtures.directory(["a.json": Self.record]), "a")], into: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for garbage in [bytes.prefix(100), Data("not a database at all, not at all".utf8)] {
            try garbage.write(to: URL(fileURLWithPath: path))
            #expect {
                try VulnerabilityDatabase(path: path)
            } throws: { error in
                guard case DatabaseError.corrupt = error else { return false }
                return "\(error)".contains("rebuild")
            }
        }
        // Flipped bytes inside the body: the checksum says so.
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(try !VulnerabilityDatabase(path: path).verify())
        _ = try DatabaseImporter().importSources([(try Fixtures.directory(["a.json": Self.record]), "a")], into: path)
        #expect(try VulnerabilityDatabase(path: path).verify())
    }

    @Test("the location: SHIPSHAPE_DB, XDG_CACHE_HOME, HOME")
    func location() {
        #expect(DatabaseLocation.path(environment: ["SHIPSHAPE_DB": "/x/db", "HOME": "/h"]) == "/x/db")
        #expect(DatabaseLocation.path(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/shipshape/osv.db")
        #expect(DatabaseLocation.path(environment: ["HOME": "/h"]) == "/h/.cache/shipshape/osv.db")
    }
}
