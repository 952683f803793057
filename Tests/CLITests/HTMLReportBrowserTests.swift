import Foundation
import ImageFormat
import TestSupport
import Testing

/// `inspect --format html` opened in a real browser, headless Chromium (Debian's `chromium`): the page renders,
/// its text says what the report says, a hostile file name and history entry stay text, and nothing is fetched.
/// The screenshots (light and dark) are left in `.build/reports/` for a person to look at.
@Suite(
    "The HTML report in Chromium",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(if: Requirement.met(TestProcess.exists("chromium")), "needs chromium (scripts/debian-packages.txt)"))
struct HTMLReportBrowserTests {
    /// A two-layer archive: a file with markup in its name, deleted in the next layer (waste the report lists), and
    /// a history entry that carries an image tag pointing at `leakURL`.
    static func writeImage(to path: String, leakURL: String) throws {
        let name = "srv/<u>hostile&amp;\"name'.txt"
        let base = try InspectFixture.layer([
            InspectFixture.directory("srv"), InspectFixture.file(name, Array(repeating: 0x41, count: 50_000)),
            InspectFixture.text("srv/app", "#!/bin/sh\necho hi\n", mode: 0o755),
        ])
        let cleanup = try InspectFixture.layer([
            (TarEntry(path: "srv/.wh.<u>hostile&amp;\"name'.txt", kind: .regular), [])
        ])
        let diffIDs = [base, cleanup].map { InspectFixture.sha256($0).description }
        let leak = "RUN echo '<img src=\\\"\(leakURL)\\\">' && rm -f /srv/*.txt"
        let config = """
            {"architecture":"amd64","os":"linux","config":{"Cmd":["/srv/app"]},\
            "rootfs":{"type":"layers","diff_ids":["\(diffIDs[0])","\(diffIDs[1])"]},\
            "history":[{"created_by":"COPY srv /srv"},{"created_by":"\(leak)"}]}
            """
        let manifest = #"[{"Config":"config.json","RepoTags":["app:1.0"],"Layers":["0/layer.tar","1/layer.tar"]}]"#
        let archive = try InspectFixture.layer([
            InspectFixture.text("config.json", config), InspectFixture.text("manifest.json", manifest),
            InspectFixture.directory("0"), InspectFixture.file("0/layer.tar", base), InspectFixture.directory("1"),
            InspectFixture.file("1/layer.tar", cleanup),
        ])
        try Data(archive).write(to: URL(fileURLWithPath: path))
    }

    static func chromium(_ arguments: [String]) throws -> TestProcess.Output {
        try TestProcess.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
            ] + arguments, errors: .discarded)
    }

    @Test("renders; the text is the report's; markup from the image is shown as text; no request leaves the page")
    func render() throws {
        let directory = try TestFiles.temporaryDirectory("html-report")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A listener the hostile <img> would hit if it were ever parsed as markup.
        let listener = try LeakListener()
        defer { listener.stop() }
        try Self.writeImage(to: directory + "/app.tar", leakURL: "http://127.0.0.1:\(listener.port)/leak")

        let result = try TestProcess.run(
            TestFiles.shipshape.path, ["inspect", "--format", "html", "docker-archive:" + directory + "/app.tar"])
        #expect(result.status == 1, "\(result.stderr)")  // the report has warnings: exit 1 at the default threshold
        let page = directory + "/report.html"
        try result.stdoutData.write(to: URL(fileURLWithPath: page))

        let dom = try Self.chromium(["--dump-dom", "file://" + page]).stdout
        #expect(dom.contains("<h2>Layers</h2>"), "\(dom.prefix(500))")
        #expect(dom.contains("<h2>Waste</h2>"))
        #expect(dom.contains("50.0 kB shadowed"))
        // The markup in the file name and the history entry are text nodes, never elements.
        #expect(dom.contains("&lt;u&gt;hostile&amp;amp;\"name'.txt"), "\(dom)")
        #expect(!dom.contains("<u>"))
        #expect(dom.contains("&lt;img src=\"http://127.0.0.1:\(listener.port)/leak\"&gt;"))
        #expect(!dom.contains("<img"))

        let reports = TestFiles.packageRoot.appendingPathComponent(".build/reports").path
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        for (mode, flags) in [
            ("light", [String]()), ("dark", ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]),
        ] {
            let shot = "\(reports)/inspect-report-\(mode).png"
            try? FileManager.default.removeItem(atPath: shot)
            _ = try Self.chromium(flags + ["--window-size=1200,1600", "--screenshot=" + shot, "file://" + page])
            let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
            #expect(size > 20_000, "screenshot \(shot): \(size) bytes")
            print("HTML report screenshot (\(mode)): \(shot)")
        }
        #expect(listener.connections == 0, "the page made \(listener.connections) requests to the leak URL")
    }

    /// An SBOM with a package whose name is markup, and an OSV record against it whose summary carries an image
    /// tag pointing at `leakURL` and whose reference is a `javascript:` URL: a database is imported from it.
    static func writeScanInputs(to directory: String, leakURL: String) throws -> String {
        let records = directory + "/records"
        try FileManager.default.createDirectory(atPath: records, withIntermediateDirectories: true)
        let name = #"<u>evil&amp;\"pkg'"#
        let purlName = "%3Cu%3Eevil%26amp%3B%22pkg%27"
        let sbom = """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": [
             {"type": "library", "name": "\(name)", "version": "1.0", "purl": "pkg:pypi/\(purlName)@1.0"},
             {"type": "library", "name": "urllib3", "version": "1.26.12", "purl": "pkg:pypi/urllib3@1.26.12"}]}
            """
        try sbom.write(toFile: directory + "/app.cdx.json", atomically: true, encoding: .utf8)
        let record = """
            {"schema_version": "1.6.0", "id": "GHSA-0000-0000-0001", "modified": "2024-01-02T03:04:05Z",
             "aliases": ["CVE-2099-0001"],
             "summary": "<img src=\\"\(leakURL)\\"> <script>alert(1)</script> *bold* | cell",
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "PyPI", "name": "\(name)"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}],
             "references": [{"type": "ADVISORY", "url": "javascript:alert(1)"}]}
            """
        try record.write(toFile: records + "/GHSA-0000-0000-0001.json", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: fixtures.appendingPathComponent("scan/records/PYSEC-2023-192.json").path,
            toPath: records + "/PYSEC-2023-192.json")
        let database = directory + "/osv.db"
        let imported = try TestProcess.run(
            TestFiles.shipshape.path, ["db", "import", records], environment: ["SHIPSHAPE_DB": database])
        try #require(imported.succeeded, "\(imported.stderr)")
        return database
    }

    @Test("scan's report: the shared page (CSP, light and dark), hostile names and advisory text as text, no request")
    func scanReport() throws {
        let directory = try TestFiles.temporaryDirectory("html-scan-report")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let listener = try LeakListener()
        defer { listener.stop() }
        let leak = "http://127.0.0.1:\(listener.port)/leak"
        let database = try Self.writeScanInputs(to: directory, leakURL: leak)
        let result = try TestProcess.run(
            TestFiles.shipshape.path, ["scan", "--format", "html", "sbom:" + directory + "/app.cdx.json"],
            environment: ["SHIPSHAPE_DB": database])
        #expect(result.status == 1, "\(result.stderr)")  // a critical finding: exit 1 at the default --fail-on high
        #expect(result.stdout.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        let page = directory + "/scan.html"
        try result.stdoutData.write(to: URL(fileURLWithPath: page))

        let dom = try Self.chromium(["--dump-dom", "file://" + page]).stdout
        #expect(dom.contains("<h2>Vulnerabilities</h2>"), "\(dom.prefix(500))")
        #expect(dom.contains("CVE-2023-43804") && dom.contains("GHSA-0000-0000-0001"))
        #expect(dom.contains("&lt;u&gt;evil&amp;amp;\"pkg'"), "\(dom)")
        #expect(dom.contains("&lt;img src=\"\(leak)\"&gt; &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!dom.contains("<u>") && !dom.contains("<img") && !dom.contains("<script"))
        // The javascript: reference is not a link; the https one is.
        #expect(!dom.contains("javascript:"))
        #expect(dom.contains("<a href=\"https://osv.dev/vulnerability/PYSEC-2023-192\""))

        let reports = TestFiles.packageRoot.appendingPathComponent(".build/reports").path
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        for (mode, flags) in [
            ("light", [String]()), ("dark", ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]),
        ] {
            let shot = "\(reports)/scan-report-\(mode).png"
            try? FileManager.default.removeItem(atPath: shot)
            _ = try Self.chromium(flags + ["--window-size=1200,900", "--screenshot=" + shot, "file://" + page])
            let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
            #expect(size > 10_000, "screenshot \(shot): \(size) bytes")
            print("scan HTML report screenshot (\(mode)): \(shot)")
        }
        #expect(listener.connections == 0, "the page made \(listener.connections) requests to the leak URL")
    }

    @Test("--format markdown is GitHub Markdown with the same escaping")
    func markdown() throws {
        let directory = try TestFiles.temporaryDirectory("markdown-report")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeImage(to: directory + "/app.tar", leakURL: "http://127.0.0.1:9/leak")
        let result = try TestProcess.run(
            TestFiles.shipshape.path, ["inspect", "--format", "markdown", "docker-archive:" + directory + "/app.tar"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("### Shipshape: docker-archive:"))
        #expect(result.stdout.contains("| # | content | shadowed | compressed | created by |"))
        #expect(result.stdout.contains("&lt;u&gt;hostile&amp;amp;\"name'.txt"))
        #expect(!result.stdout.contains("<img"))
    }
}
