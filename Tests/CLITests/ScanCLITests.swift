import Foundation
import TestSupport
import Testing

/// `shipshape scan` end to end against a database imported from Fixtures/scan/records: golden output of the text,
/// Markdown and suppressed runs (VEX, an ignore list with an expired entry), a baseline, and the exit codes of a
/// missing database and of unreadable suppression inputs.
@Suite(
    "shipshape scan CLI",
    .enabled(
        if: Requirement.met(FileManager.default.isExecutableFile(atPath: binary.path)),
        "build the shipshape binary first"))
struct ScanCLITests {
    let directory = fixtures.appendingPathComponent("scan")

    /// A database of the fixture records, in a directory of its own.
    func database() throws -> String {
        let path = try TestFiles.scratchDirectory("scan-cli") + "/osv.db"
        let (status, _, stderr) = try run(
            ["db", "import", directory.appendingPathComponent("records").path], in: directory,
            environment: ["SHIPSHAPE_DB": path])
        try #require(status == 0, "\(stderr)")
        return path
    }

    @Test("text: each finding, the summary, exit 1 at the default --fail-on high")
    func text() throws {
        try expectSnapshot(
            "scan-text", ["scan", "sbom:app.cdx.json"], in: directory, environment: ["SHIPSHAPE_DB": try database()])
    }

    @Test("markdown and html formats")
    func documents() throws {
        let db = try database()
        try expectSnapshot(
            "scan-markdown", ["scan", "sbom:app.cdx.json", "--format", "markdown", "--fail-on", "none"], in: directory,
            environment: ["SHIPSHAPE_DB": db])
        let (status, html, _) = try run(
            ["scan", "sbom:app.cdx.json", "--format", "html", "--fail-on", "none"], in: directory,
            environment: ["SHIPSHAPE_DB": db])
        #expect(status == 0 && html.hasPrefix("<!DOCTYPE html>") && html.contains("CVE-2023-43804"))
    }

    @Test("--vex and an ignore list suppress; the expired entry is a finding and suppresses nothing")
    func suppressed() throws {
        try expectSnapshot(
            "scan-suppressed",
            ["scan", "sbom:app.cdx.json", "--vex", "app.vex.json", "--config", "ignore.yml", "--fail-on", "medium"],
            in: directory, environment: ["SHIPSHAPE_DB": try database()])
    }

    @Test("--baseline: an earlier JSON report; nothing new passes, a new vulnerability fails")
    func baseline() throws {
        let db = try database()
        let scratch = try TestFiles.scratchDirectory("scan-baseline")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (_, earlier, _) = try run(
            ["scan", "sbom:app.cdx.json", "--format", "json", "--fail-on", "none"], in: directory,
            environment: ["SHIPSHAPE_DB": db])
        try earlier.write(toFile: scratch + "/before.json", atomically: false, encoding: .utf8)
        let same = try run(
            ["scan", "sbom:app.cdx.json", "--baseline", scratch + "/before.json"], in: directory,
            environment: ["SHIPSHAPE_DB": db])
        #expect(same.0 == 0, "\(same.2)")
        #expect(same.1.contains(": 0 new, 0 fixed"))
        // The baseline is an image (here a stored SBOM) with urllib3 only: jinja2's and requests' are new.
        let sbom = try String(contentsOf: directory.appendingPathComponent("app.cdx.json"), encoding: .utf8)
        let lines = sbom.split(separator: "\n").filter { !$0.contains("jinja2") && !$0.contains("requests") }
        try lines.joined(separator: "\n").write(toFile: scratch + "/old.cdx.json", atomically: false, encoding: .utf8)
        let newer = try run(
            ["scan", "sbom:app.cdx.json", "--baseline", "sbom:" + scratch + "/old.cdx.json", "--format", "json"],
            in: directory, environment: ["SHIPSHAPE_DB": db])
        #expect(newer.0 == 1, "\(newer.2)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(newer.1.utf8)) as? [String: Any])
        #expect((object["baseline"] as? [String: Any])?["new"] as? Int == 2)
    }

    @Test("no database is exit 2 with advice; bad VEX or configuration is exit 2 naming the file; bad usage 64")
    func failures() throws {
        try expectSnapshot(
            "scan-no-database", ["scan", "sbom:app.cdx.json"], in: directory,
            environment: ["SHIPSHAPE_DB": "missing.db"])
        let db = try database()
        try expectSnapshot(
            "scan-bad-vex", ["scan", "sbom:app.cdx.json", "--vex", "ignore.yml"], in: directory,
            environment: ["SHIPSHAPE_DB": db])
        let scratch = try TestFiles.scratchDirectory("scan-config")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try "vulnerabilities:\n  ignore:\n    - id: CVE-1\n      reason: r\n      until: tomorrow\n".write(
            toFile: scratch + "/bad.yml", atomically: false, encoding: .utf8)
        let bad = try run(
            ["scan", "sbom:app.cdx.json", "--config", scratch + "/bad.yml"], in: directory,
            environment: ["SHIPSHAPE_DB": db])
        #expect(bad.0 == 2 && bad.2.contains("bad.yml") && bad.2.contains("line 5: 'until' of CVE-1 is not a date"))
        #expect(try run(["scan", "sbom:app.cdx.json", "--format", "pdf"], in: directory).0 == 64)
    }
}
