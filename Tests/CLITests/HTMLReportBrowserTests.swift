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
