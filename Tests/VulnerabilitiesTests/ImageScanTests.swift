import Foundation
import TestSupport
import Testing

/// `shipshape scan` of an image with real Python packages at known-vulnerable versions: a site-packages tree of
/// dist-info directories (real names and versions the PyPA advisories list), built into an image by `shipshape
/// build`, scanned against the imported PyPA database; each package's records equal those python3-packaging finds
/// in the same YAML files (PyPA.script).
@Suite(
    "scan of a built image against the PyPA database",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(if: PyPA.available),
    .enabled(
        if: ReferenceTools.ci || (ReferenceTools.packaging && ReferenceTools.pythonHas("yaml")),
        "needs python3-packaging and python3-yaml (scripts/debian-packages.txt)"))
struct ImageScanTests {
    /// Real releases the PyPA database has records for, and two it has none against (their fixed versions).
    static let packages = [
        ("urllib3", "1.26.5"), ("requests", "2.25.0"), ("Jinja2", "2.11.2"), ("PyYAML", "5.3"), ("Django", "3.2.0"),
        ("Pillow", "8.1.0"), ("cryptography", "3.3.1"), ("aiohttp", "3.8.1"), ("certifi", "2024.7.4"),
        ("idna", "3.7"),
    ]

    func shipshape(_ arguments: [String], in directory: String, db: String) throws -> TestProcess.Output {
        try TestProcess.run(
            TestFiles.shipshape.path, arguments, directory: directory,
            environment: ["SHIPSHAPE_DB": db, "NO_COLOR": "1"])
    }

    @Test("the findings equal python3-packaging's reference, package by package; exit 1 at --fail-on high")
    func builtImage() throws {
        let directory = try TestFiles.temporaryDirectory("scan-image")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let site = directory + "/root/usr/local/lib/python3.11/site-packages"
        for (name, version) in Self.packages {
            let info = "\(site)/\(name)-\(version).dist-info"
            try FileManager.default.createDirectory(atPath: info, withIntermediateDirectories: true)
            try "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n".write(
                toFile: info + "/METADATA", atomically: false, encoding: .utf8)
            try "\(name.lowercased())/__init__.py,,\n".write(
                toFile: info + "/RECORD", atomically: false, encoding: .utf8)
        }
        try "#!/bin/sh\n".write(toFile: directory + "/app", atomically: false, encoding: .utf8)
        let build = try shipshape(
            [
                "build", "--add", "root/usr:/usr", "--add", "app:/usr/local/bin/app:0755", "--entrypoint",
                "/usr/local/bin/app", "--version", "1.0.0",
                "--revision", "0123456789abcdef0123456789abcdef01234567", "--output", "docker-archive:app.tar",
            ], in: directory, db: "")
        try #require(build.succeeded, "\(build.stderr)")
        let db = directory + "/osv.db"
        let imported = try shipshape(["db", "import", PyPA.directory], in: directory, db: db)
        try #require(imported.succeeded, "\(imported.stderr)")
        let scan = try shipshape(
            ["scan", "docker-archive:app.tar", "--format", "json", "--fail-on", "high"], in: directory, db: db)
        #expect(scan.status == 1, "\(scan.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: scan.stdoutData) as? [String: Any])
        #expect(report["packagesChecked"] as? Int == Self.packages.count)
        var ours: [String: Set<String>] = [:]
        for finding in (report["findings"] as? [[String: Any]]) ?? [] {
            let vulnerability = try #require(finding["vulnerability"] as? [String: Any])
            let name = try #require(vulnerability["package"] as? String).lowercased().replacingOccurrences(
                of: "_", with: "-")
            ours[name, default: []].formUnion((vulnerability["records"] as? [String]) ?? [])
            #expect((finding["path"] as? String)?.hasSuffix("METADATA") == true)
            #expect((finding["layer"] as? String)?.hasPrefix("sha256:") == true)
        }
        let reference = try TestProcess.run(
            ReferenceTools.python, ["-c", PyPA.script, PyPA.directory] + Self.packages.map { "\($0.0)==\($0.1)" })
        try #require(reference.succeeded, "\(reference.stderr)")
        var expected: [String: Set<String>] = [:]
        for line in reference.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, !fields[2].isEmpty else { continue }
            expected[fields[0]] = Set(fields[2].split(separator: ",").map(String.init))
        }
        #expect(expected.count >= 7, "the chosen versions should be vulnerable: \(expected.keys.sorted())")
        #expect(expected["certifi"] == nil && expected["idna"] == nil)
        #expect(ours == expected)
        // The SARIF and CycloneDX of the same scan name the same vulnerabilities.
        let sarif = try shipshape(["scan", "docker-archive:app.tar", "--format", "sarif"], in: directory, db: db)
        let cyclone = try shipshape(["scan", "docker-archive:app.tar", "--format", "cyclonedx"], in: directory, db: db)
        #expect(sarif.status == 1 && cyclone.status == 1)
        let bom = try #require(try JSONSerialization.jsonObject(with: cyclone.stdoutData) as? [String: Any])
        let ids = Set(((bom["vulnerabilities"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
        let findings = Set(((report["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String })
        #expect(ids == findings)
        // The image's SPDX SBOM, scanned as sbom:FILE, finds the same.
        let spdx = try shipshape(
            ["sbom", "docker-archive:app.tar", "--format", "spdx", "--output", "app.spdx.json"], in: directory, db: db)
        try #require(spdx.succeeded, "\(spdx.stderr)")
        let stored = try shipshape(["scan", "sbom:app.spdx.json", "--format", "json"], in: directory, db: db)
        let storedReport = try #require(try JSONSerialization.jsonObject(with: stored.stdoutData) as? [String: Any])
        let storedRules = Set(
            ((storedReport["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String })
        #expect(storedRules == findings)
    }
}
