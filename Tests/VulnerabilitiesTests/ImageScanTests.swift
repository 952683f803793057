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
        let directory = try TestFiles.scratchDirectory("scan-image")
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

    /// An image with packages pip really installed (urllib3 1.26.5 and Jinja2 2.11.2, `pip install --target`), and
    /// Debian's python3-urllib3 1.26.12-1+deb12u1 whose egg-info its dpkg file list owns (Debian backported the
    /// fixes, so the PyPI records, which say 1.26.12 is vulnerable, must not match it).
    static func pipImage(in directory: String) throws {
        let python = try #require(testPython)
        let site = directory + "/root/usr/local/lib/python3.11/site-packages"
        let pip = try TestProcess.run(
            python,
            [
                "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-compile",
                "--target", site, "urllib3==1.26.5", "Jinja2==2.11.2",
            ])
        try #require(pip.succeeded, "pip install failed: \(pip.stderr)")
        let files: [String: String] = [
            "etc/os-release": "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
            "var/lib/dpkg/status": """
            Package: python3-urllib3
            Status: install ok installed
            Priority: optional
            Section: python
            Installed-Size: 500
            Maintainer: Debian Python Team <team+python@tracker.debian.org>
            Architecture: all
            Source: python-urllib3
            Version: 1.26.12-1+deb12u1
            Description: HTTP library with thread-safe connection pooling for Python3

            """,
            "var/lib/dpkg/info/python3-urllib3.list": """
            /.
            /usr
            /usr/lib/python3/dist-packages
            /usr/lib/python3/dist-packages/urllib3
            /usr/lib/python3/dist-packages/urllib3/__init__.py
            /usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info
            /usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO

            """,
            "usr/lib/python3/dist-packages/urllib3/__init__.py": "",
            "usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO":
                "Metadata-Version: 2.1\nName: urllib3\nVersion: 1.26.12\n",
        ]
        for (path, text) in files {
            let full = directory + "/root/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
        }
        try "#!/bin/sh\n".write(toFile: directory + "/app", atomically: false, encoding: .utf8)
    }

    @Test(
        "inspect reports the pip packages' vulnerabilities as scan does, in every format; none for Debian's copy",
        .enabled(
            if: Requirement.met(testPython != nil),
            "needs SHIPSHAPE_TEST_PYTHON (a venv with pip; scripts/python-requirements.txt, CI sets it)"))
    func inspectFindings() throws {
        let directory = try TestFiles.scratchDirectory("scan-inspect")
        try Self.pipImage(in: directory)
        let build = try shipshape(
            [
                "build", "--add", "root/usr:/usr", "--add", "root/etc:/etc", "--add", "root/var:/var", "--add",
                "app:/usr/local/bin/app:0755", "--entrypoint", "/usr/local/bin/app", "--version", "1.0.0",
                "--revision", "0123456789abcdef0123456789abcdef01234567", "--output", "docker-archive:app.tar",
            ], in: directory, db: "")
        try #require(build.succeeded, "\(build.stderr)")
        let db = directory + "/osv.db"
        let imported = try shipshape(["db", "import", PyPA.directory], in: directory, db: db)
        try #require(imported.succeeded, "\(imported.stderr)")

        // Without a database: the same report as before, plus one line saying how to get one; never a failure.
        let missing = directory + "/none.db"
        let plain = try shipshape(
            ["inspect", "docker-archive:app.tar", "--fail-on", "none"], in: directory, db: missing)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("vulnerabilities not checked: no database; run 'shipshape db update'"))
        let plainJSON = try shipshape(
            ["inspect", "docker-archive:app.tar", "--format", "json", "--fail-on", "none"], in: directory, db: missing)
        let plainReport = try #require(try JSONSerialization.jsonObject(with: plainJSON.stdoutData) as? [String: Any])
        let section = try #require(plainReport["vulnerabilities"] as? [String: Any])
        #expect(section["database"] is NSNull && (section["advice"] as? String)?.contains("db update") == true)
        let plainFindings = (plainReport["findings"] as? [[String: Any]]) ?? []
        #expect(!plainFindings.contains { $0["practice"] as? String == "vulnerabilities" })
        let sarifNote = try shipshape(
            ["inspect", "docker-archive:app.tar", "--format", "sarif", "--fail-on", "none"], in: directory, db: missing)
        #expect(sarifNote.stderr.contains("note: vulnerabilities not checked"))

        // With it: the findings scan gives, and python3-packaging's reference over the same records.
        let inspect = try shipshape(
            ["inspect", "docker-archive:app.tar", "--format", "json", "--fail-on", "error"], in: directory, db: db)
        #expect(inspect.status == 1, "\(inspect.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: inspect.stdoutData) as? [String: Any])
        let vulnerable = ((report["findings"] as? [[String: Any]]) ?? []).filter {
            $0["practice"] as? String == "vulnerabilities"
        }
        var ours: [String: Set<String>] = [:]
        var pairs = Set<String>()
        for finding in vulnerable {
            let details = try #require(finding["vulnerability"] as? [String: Any])
            let name = try #require(details["package"] as? String).lowercased()
            let version = try #require(details["installedVersion"] as? String)
            #expect(version != "1.26.12", "Debian's own copy matched against PyPI: \(finding)")
            ours[name, default: []].formUnion((details["records"] as? [String]) ?? [])
            pairs.insert("\(finding["rule"] ?? "") \(name) \(version)")
            #expect((finding["path"] as? String)?.hasSuffix("METADATA") == true)
        }
        let counted = try #require(report["vulnerabilities"] as? [String: Any])
        #expect(counted["count"] as? Int == vulnerable.count && (counted["packagesChecked"] as? Int ?? 0) >= 3)
        let reference = try TestProcess.run(
            ReferenceTools.python, ["-c", PyPA.script, PyPA.directory, "urllib3==1.26.5", "Jinja2==2.11.2"])
        try #require(reference.succeeded, "\(reference.stderr)")
        var expected: [String: Set<String>] = [:]
        for line in reference.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, !fields[2].isEmpty else { continue }
            expected[fields[0]] = Set(fields[2].split(separator: ",").map(String.init))
        }
        #expect(expected.keys.sorted() == ["jinja2", "urllib3"])
        #expect(ours == expected)
        let scan = try shipshape(["scan", "docker-archive:app.tar", "--format", "json"], in: directory, db: db)
        let scanReport = try #require(try JSONSerialization.jsonObject(with: scan.stdoutData) as? [String: Any])
        var scanPairs = Set<String>()
        for finding in (scanReport["findings"] as? [[String: Any]]) ?? [] {
            let details = try #require(finding["vulnerability"] as? [String: Any])
            let name = ((details["package"] as? String) ?? "").lowercased()
            scanPairs.insert("\(finding["rule"] ?? "") \(name) \(details["installedVersion"] ?? "")")
        }
        #expect(pairs == scanPairs)
        let ids = Set(vulnerable.compactMap { $0["rule"] as? String })

        // Text, SARIF, GitHub annotations, HTML and Markdown carry the same vulnerabilities.
        func run(_ format: String) throws -> String {
            let output = try shipshape(
                ["inspect", "docker-archive:app.tar", "--format", format, "--fail-on", "none"], in: directory, db: db)
            #expect(output.status == 0, "\(format): \(output.stderr)")
            return output.stdout
        }
        let text = try run("text")
        #expect(text.contains("\(ids.count) known vulnerabilities in 2 of "))
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("sarif").utf8)) as? [String: Any])
        let sarifRun = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = Set(((sarifRun["results"] as? [[String: Any]]) ?? []).compactMap { $0["ruleId"] as? String })
        let driver = ((sarifRun["tool"] as? [String: Any])?["driver"] as? [String: Any]) ?? [:]
        let rules = Set(((driver["rules"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
        #expect(ids.isSubset(of: results) && ids.isSubset(of: rules))
        let github = try run("github")
        let html = try run("html")
        let markdown = try run("markdown")
        for id in ids {
            #expect(text.contains(id) && github.contains("title=\(id) vulnerable-package") && markdown.contains(id))
        }
        let vulnerabilitySection = try #require(
            html.components(separatedBy: "<section id=\"vulnerabilities\">").last?.components(
                separatedBy: "</section>"
            ).first)
        for id in ids { #expect(vulnerabilitySection.contains(id)) }
        #expect(html.contains("<section id=\"packages\">") && html.contains("python3-urllib3"))
        #expect(markdown.contains("**Vulnerabilities**") && markdown.contains("**Packages**"))
    }
}
