import Foundation
import Logging
import ServeStore
import TestSupport
import Testing

/// The service's pages in a real browser, headless Chromium (Debian's `chromium`): a real `shipshape-serve` on a
/// SQLite store filled with inventories, vulnerabilities and findings, some of them hostile (a tag and a file name
/// carrying an `<img>` that points at a loopback listener). The overview, one image's page and a CVE search are
/// loaded; their text is checked, no element from the data appears in the DOM, and the listener sees no connection.
/// Screenshots are left in `.build/reports/` for a person to look at.
@Suite(
    "The service's pages in Chromium",
    .enabled(if: Requirement.met(ServeProcess.built), "needs the built shipshape-serve"),
    .enabled(if: Requirement.met(TestProcess.exists("chromium")), "needs chromium (scripts/debian-packages.txt)"))
struct ServePagesBrowserTests {
    static let token = "pages-token-0123456789abcdef"

    static func digest(_ number: Int) -> String {
        "sha256:" + String(repeating: String(format: "%02x", number), count: 32)
    }

    /// Three scanned images: `web` (hostile tag and file name; critical and high vulnerabilities; findings of two
    /// practices), `api` (one medium), `base` (clean).
    static func fill(_ path: String, leak: String) async throws {
        let store = try await ServeStore.open(path, logger: Logger(label: "pages-test"))
        let hostile = "<img src=\(leak)>"
        let openssl = PackageKey(ecosystem: "Debian:12", name: "openssl", version: "3.0.11-1~deb12u1")
        let zlib = PackageKey(ecosystem: "Debian:12", name: "zlib1g", version: "1:1.2.13.dfsg-1")
        let requests = PackageKey(ecosystem: "PyPI", name: "requests", version: "2.25.0")
        let layers = [
            StoredLayer(digest: digest(0x10), size: 29_123_456, createdBy: "ADD rootfs.tar.xz / # debian:12"),
            StoredLayer(digest: digest(0x11), size: 8_400_000, createdBy: "RUN apt-get install -y openssl"),
            StoredLayer(digest: digest(0x12), size: 120_000, createdBy: "COPY \(hostile) /srv/"),
        ]
        _ = try await store.ingest(
            [
                RegistryEvent(id: "e1", action: .push, repository: "shop/web", digest: digest(1), tag: hostile),
                RegistryEvent(id: "e2", action: .push, repository: "shop/web", digest: digest(1), tag: "1.4.2"),
                RegistryEvent(id: "e3", action: .push, repository: "shop/api", digest: digest(2), tag: "latest"),
                RegistryEvent(id: "e4", action: .push, repository: "library/base", digest: digest(3), tag: "12"),
            ], now: 1_700_000_000)
        try await store.record(
            ScanResult(
                digest: digest(1), repository: "shop/web", platform: "linux/amd64", layers: layers,
                packages: [
                    ImagePackage(package: openssl, layer: digest(0x11), createdBy: layers[1].createdBy),
                    ImagePackage(package: zlib, layer: digest(0x10), createdBy: layers[0].createdBy, fromBase: true),
                    ImagePackage(
                        package: requests, layer: digest(0x12), createdBy: layers[2].createdBy,
                        location: "srv/\(hostile)/METADATA"),
                ],
                vulnerabilities: [
                    openssl: [
                        StoredVulnerability(
                            id: "DSA-5532-1", aliases: ["CVE-2023-5363"], severity: "critical",
                            fixed: "3.0.11-1~deb12u2",
                            summary: "openssl: incorrect cipher key and IV length processing")
                    ],
                    requests: [
                        StoredVulnerability(
                            id: "GHSA-j8r2-6x86-q33q", aliases: ["CVE-2023-32681"], severity: "high", fixed: "2.31.0",
                            summary: "Proxy-Authorization header leak \(hostile)")
                    ],
                ],
                findings: [
                    StoredFinding(
                        rule: "SS1003", name: "runs-as-root", practice: "least-privilege", severity: "warning",
                        message: "the image runs as root"),
                    StoredFinding(
                        rule: "SS1020", name: "shadowed-files", practice: "small-images", severity: "info",
                        message: "\(hostile) is deleted in a later layer", layer: digest(0x12),
                        path: "srv/\(hostile).txt"),
                ],
                analyser: "pages-test"), now: 1_700_000_100)
        try await store.record(
            ScanResult(
                digest: digest(2), repository: "shop/api", layers: Array(layers.prefix(1)),
                packages: [ImagePackage(package: zlib, layer: digest(0x10), fromBase: true)],
                vulnerabilities: [
                    zlib: [StoredVulnerability(id: "CVE-2023-45853", severity: "medium", fixed: nil)]
                ],
                analyser: "pages-test"), now: 1_700_000_200)
        try await store.record(
            ScanResult(digest: digest(3), repository: "library/base", layers: Array(layers.prefix(1)), analyser: "t"),
            now: 1_700_000_300)
        await store.close()
    }

    static func chromium(_ arguments: [String]) throws -> TestProcess.Output {
        try TestProcess.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--virtual-time-budget=2000",
            ] + arguments, errors: .discarded)
    }

    @Test("overview, image page and CVE search render the store's data as text; nothing leaves the page")
    func pages() async throws {
        let directory = try TestFiles.temporaryDirectory("serve-pages")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let listener = try LeakListener()
        defer { listener.stop() }
        let leak = "http://127.0.0.1:\(listener.port)/x"
        try await Self.fill(directory + "/serve.db", leak: leak)
        try "pages-secret-0123456789abcdef\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try (Self.token + "\n").write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let serve = try await ServeProcess.start(
            [
                "--registry", "http://127.0.0.1:9", "--database", directory + "/serve.db", "--listen", "127.0.0.1:0",
                "--event-secret-file", directory + "/secret", "--api-token-file", directory + "/token", "--role", "api",
            ], logPath: directory + "/serve.log")
        defer { serve.kill() }
        // The pages take HTTP Basic with the token as the password, so the browser logs in from the URL.
        let base = "http://pages:\(Self.token)@127.0.0.1:\(serve.port)"
        let pages = [
            ("overview", "/"), ("image", "/images/" + Self.digest(1)), ("search", "/search?q=CVE-2023-5363"),
        ]
        var doms: [String: String] = [:]
        for (name, path) in pages {
            doms[name] = try Self.chromium(["--dump-dom", base + path]).stdout
        }
        let overview = doms["overview"] ?? ""
        #expect(overview.contains("<h1>Registry</h1>"), "\(overview.prefix(1000))\n\(serve.log.suffix(2000))")
        #expect(overview.contains("Findings by practice"))
        #expect(overview.contains("least-privilege") && overview.contains("small-images"))
        #expect(overview.contains("shop/web") && overview.contains("shop/api") && overview.contains("library/base"))
        // Worst first: web (critical) before api (medium) before base (none).
        let order = ["shop/web", "shop/api", "library/base"].compactMap { overview.range(of: ">\($0)<")?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "the images are not worst first")
        let image = doms["image"] ?? ""
        #expect(image.contains("DSA-5532-1") && image.contains("CVE-2023-5363") && image.contains("3.0.11-1~deb12u2"))
        #expect(image.contains("GHSA-j8r2-6x86-q33q") && image.contains("least-privilege"))
        #expect(image.contains("29 MB") && image.contains("RUN apt-get install -y openssl"))
        #expect(image.contains("openssl") && image.contains("zlib1g") && image.contains("requests"))
        let search = doms["search"] ?? ""
        #expect(search.contains("Images with CVE-2023-5363"))
        #expect(search.contains("shop/web") && !search.contains(">shop/api<"))
        #expect(search.contains("CVE-2023-45853") || search.contains("DSA-5532-1"))

        // The hostile tag, file name and summary are text: escaped in the DOM, never an element.
        let escaped = "&lt;img src=\(leak)&gt;"
        #expect(overview.contains(escaped), "the hostile tag is not shown as text on the overview")
        #expect(image.contains(escaped), "the hostile tag or file name is not shown as text on the image page")
        for (name, dom) in doms {
            #expect(!dom.contains("<img"), "\(name): an <img> element was injected")
            #expect(!dom.contains("<script"), "\(name): a script element")
        }

        let reports = TestFiles.packageRoot.appendingPathComponent(".build/reports").path
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        for (name, path) in pages {
            for (mode, flags) in [("light", [String]()), ("dark", ["--blink-settings=preferredColorScheme=0"])] {
                let shot = "\(reports)/serve-\(name)-\(mode).png"
                try? FileManager.default.removeItem(atPath: shot)
                _ = try Self.chromium(flags + ["--window-size=1280,1100", "--screenshot=" + shot, base + path])
                let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0
                #expect(size > 20_000, "screenshot \(shot): \(size) bytes")
            }
        }
        #expect(listener.connections == 0, "the pages made \(listener.connections) requests to the leak URL")
        // And the service refuses the pages without the token.
        let refused = try Self.chromium(["--dump-dom", "http://127.0.0.1:\(serve.port)/"]).stdout
        #expect(!refused.contains("shop/web"))
    }
}
