import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The whole service against the real components: a real docker-registry notifying a real shipshape-serve, images
/// pushed with the real `shipshape copy` (two tags of one image, another image on the same base, a two-platform
/// index), results read back through the API, an advisory import re-matched and notified to a webhook receiver.
@Suite(
    "shipshape serve with a real registry",
    .disabled("unfinished: hangs after the service starts (before the first push is seen); see the branch report"),
    .enabled(if: Requirement.met(NotifyingRegistry.available), "needs docker-registry (Debian)"),
    .enabled(
        if: Requirement.met(ServeProcess.built && TestFiles.shipshapeBuilt), "build shipshape and shipshape-serve"),
    .serialized)
struct ServeEndToEndTests {
    static let secret = "event-secret-0123456789abcdef"
    static let token = "api-token-0123456789abcdef"

    func shipshape(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
        -> TestProcess.Output
    {
        try TestProcess.run(TestFiles.shipshape.path, arguments, directory: directory, environment: environment)
    }

    /// A Debian 12 root filesystem with two dpkg packages (the base layer every test image shares).
    func writeBase(_ directory: String) throws {
        let root = directory + "/rootfs"
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/var/lib/dpkg", withIntermediateDirectories: true)
        try "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n".write(
            toFile: root + "/etc/os-release", atomically: true, encoding: .utf8)
        try """
        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl
        Version: 3.0.11-1~deb12u2

        Package: zlib1g
        Status: install ok installed
        Architecture: amd64
        Source: zlib
        Version: 1:1.2.13.dfsg-1

        """.write(toFile: root + "/var/lib/dpkg/status", atomically: true, encoding: .utf8)
    }

    func advisory(_ id: String, alias: String, package: String, fixed: String) -> String {
        """
        {"schema_version": "1.6.0", "id": "\(id)", "modified": "2024-01-01T00:00:00Z", "aliases": ["\(alias)"],
         "summary": "\(package) <b>bug</b>",
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "\(package)"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "\(fixed)"}]}]}]}
        """
    }

    @Test(
        "pushes become findings through the API; shared layers pulled once; an advisory import re-matches and notifies only what is new"
    )
    func endToEnd() async throws {
        let directory = try TestFiles.temporaryDirectory("serve-e2e")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try writeBase(directory)
        for name in ["one", "two"] {
            try "\(name)\n".write(toFile: directory + "/\(name).txt", atomically: true, encoding: .utf8)
        }
        // The advisory database: openssl's record now, zlib's imported later.
        try FileManager.default.createDirectory(atPath: directory + "/osv1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/osv2", withIntermediateDirectories: true)
        try advisory("DSA-5532-1", alias: "CVE-2023-5363", package: "openssl", fixed: "3.0.11-1~deb12u3").write(
            toFile: directory + "/osv1/DSA-5532-1.json", atomically: true, encoding: .utf8)
        try advisory("DSA-9999-1", alias: "CVE-2024-9999", package: "zlib", fixed: "1:1.3").write(
            toFile: directory + "/osv2/DSA-9999-1.json", atomically: true, encoding: .utf8)
        let environment = ["SHIPSHAPE_DB": directory + "/osv.db"]
        let imported = try shipshape(["db", "import", directory + "/osv1"], in: directory, environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")

        // Images: a one-layer base, two images on it, and the second built for two platforms (an index).
        try "#!/bin/sh\n".write(toFile: directory + "/run", atomically: true, encoding: .utf8)
        let labels = [
            "--version", "1.0.0", "--revision", "0123456789abcdef0123456789abcdef01234567", "--entrypoint", "/run",
        ]
        let build = ["build", "--no-git", "--allow-dynamic", "--layers", "one"] + labels
        var result = try shipshape(
            build + [
                "--add", "rootfs/etc:/etc", "--add", "rootfs/var:/var", "--add", "run:/run:0755", "--output",
                "oci:base:1",
            ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        result = try shipshape(
            [
                "build", "--no-git", "--allow-dynamic", "--base", "oci:base:1", "--add", "one.txt:/one.txt", "--output",
                "oci:one:1",
            ] + labels, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        // amd64 on the shared base; arm64 (the base is amd64) from the same files on scratch.
        result = try shipshape(
            [
                "build", "--no-git", "--allow-dynamic", "--base", "oci:base:1", "--add", "two.txt:/two.txt", "--output",
                "oci:two-amd64:1",
            ] + labels, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        result = try shipshape(
            build + [
                "--platform", "linux/arm64", "--add", "rootfs/etc:/etc", "--add", "rootfs/var:/var", "--add",
                "run:/run:0755", "--add", "two.txt:/two.txt", "--output", "oci:two-arm64:1",
            ], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        try OCIIndexLayout.combine(
            [directory + "/two-amd64", directory + "/two-arm64"], into: directory + "/two", tag: "1")

        try "\(Self.secret)\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try "\(Self.token)\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let hooks = try TestHTTPServer { _ in .init(status: 200) }
        defer { hooks.stop() }
        let registryPort = try NotifyingRegistry.freePort()
        let serve = try await ServeProcess.start(
            [
                "--registry", "http://127.0.0.1:\(registryPort)", "--database", directory + "/serve.db", "--listen",
                "127.0.0.1:0", "--event-secret-file", directory + "/secret", "--api-token-file", directory + "/token",
                "--vulnerability-db", directory + "/osv.db", "--webhook", "http://\(hooks.origin)/hook",
                "--cache", directory + "/blobs", "--workers", "1",
            ], logPath: directory + "/serve.log")
        defer { serve.kill() }
        let registry = try await NotifyingRegistry.start(
            port: registryPort, endpoint: "\(serve.base)/v1/events", secret: Self.secret)
        defer { registry.stop() }
        let api = ServeClient(base: serve.base, token: Self.token)

        // Unauthenticated calls are refused; the token is never in the log.
        #expect(try await ServeClient(base: serve.base, token: nil).request("GET", "/v1/images").status == 401)
        #expect(
            try await ServeClient(base: serve.base, token: nil).request("POST", "/v1/events", body: Data("{}".utf8))
                .status == 401)
        #expect(try await api.request("GET", "/healthz").status == 200)

        // Push: one image under two tags, the index under one.
        let reg = registry.host
        result = try shipshape(
            ["copy", "--quiet", "oci:one:1", "\(reg)/app/one:1.0", "--additional-tag", "latest"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        result = try shipshape(
            ["copy", "--quiet", "--all-platforms", "oci:two:1", "\(reg)/app/two:2.0"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")

        // Four manifests (one image, one index, its two platforms), all scanned within the time limit.
        let images =
            try await api.waitFor("/v1/images") { value in
                let list = value as? [[String: Any]] ?? []
                return list.count == 4
                    && list.allSatisfy { ["scanned", "index"].contains($0["state"] as? String ?? "") }
            } as? [[String: Any]] ?? []
        let scanned = images.filter { $0["state"] as? String == "scanned" }
        #expect(scanned.count == 3)
        let one = try #require(scanned.first { ($0["repository"] as? String) == "app/one" })
        #expect(one["tags"] as? [String] == ["app/one:1.0", "app/one:latest"])
        #expect((one["vulnerabilities"] as? [String: Int])?.values.reduce(0, +) == 1)
        let platforms = Set(
            scanned.filter { ($0["repository"] as? String) == "app/two" }.compactMap { $0["platform"] as? String })
        #expect(platforms == ["linux/amd64", "linux/arm64"])
        for image in scanned where (image["repository"] as? String) == "app/two" {
            #expect(image["tags"] as? [String] == ["app/two:2.0"])
        }
        let digest = try #require(one["digest"] as? String)
        let detail = try await api.json("/v1/images/\(digest)") as? [String: Any] ?? [:]
        let packages = (detail["packages"] as? [[String: Any]] ?? []).compactMap {
            ($0["package"] as? [String: Any])?["name"] as? String
        }
        #expect(packages == ["libssl3", "zlib1g"])
        let vulnerabilities = detail["vulnerabilities"] as? [[String: Any]] ?? []
        #expect(vulnerabilities.compactMap { $0["id"] as? String } == ["DSA-5532-1"])
        #expect(vulnerabilities.first?["fixed"] as? String == "3.0.11-1~deb12u3")
        #expect((detail["layers"] as? [Any])?.count == 2)

        // The shared base layer was pulled once for the three images (layer cache and blob cache).
        let layers = try await api.json("/v1/images/\(digest)") as? [String: Any] ?? [:]
        let baseLayer = try #require(((layers["layers"] as? [[String: Any]])?.first?["digest"]) as? String)
        #expect(registry.gets("/blobs/\(baseLayer)").count == 1, "\(registry.gets("/blobs/\(baseLayer)"))")

        // Which images have the CVE (by alias), and the page shows them, escaped.
        let withCVE = try await api.json("/v1/images?vulnerability=CVE-2023-5363") as? [[String: Any]] ?? []
        #expect(withCVE.count == 3)
        let (pageStatus, page) = try await api.request("GET", "/images/\(digest)")
        #expect(pageStatus == 200)
        let html = String(decoding: page, as: UTF8.self)
        #expect(html.contains("DSA-5532-1") && html.contains("app/one:latest") && html.contains("libssl3"))

        // A flood of duplicates (the registry's retries): acknowledged, nothing queued again.
        let envelope = """
            {"events": [{"id": "dup-1", "action": "push", "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
             "digest": "\(digest)", "repository": "app/one", "tag": "1.0"}}]}
            """
        for _ in 0..<50 {
            let (status, _) = try await api.request(
                "POST", "/v1/events", body: Data(envelope.utf8), headers: ["X-Shipshape-Secret": Self.secret])
            #expect(status == 202)
        }
        let queue = try await api.json("/v1/queue") as? [String: Int] ?? [:]
        #expect((queue["queued"] ?? 0) + (queue["running"] ?? 0) <= 1)

        // The first scans notified each image's finding once.
        _ = try await waitForHooks(hooks, count: 3)
        // A new advisory imported: every stored inventory re-matched without a pull, only zlib's record notified.
        let blobGetsBefore = registry.log.components(separatedBy: "/blobs/").count
        let second = try shipshape(["db", "import", directory + "/osv2"], in: directory, environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        let hooked = try await waitForHooks(hooks, count: 6)
        let rematched = hooked.filter { ($0["reason"] as? String ?? "").hasPrefix("rematch") }
        #expect(rematched.count == 3)
        for payload in rematched {
            let findings = payload["findings"] as? [[String: Any]] ?? []
            #expect(findings.compactMap { $0["vulnerability"] as? String } == ["DSA-9999-1"])
        }
        #expect(registry.log.components(separatedBy: "/blobs/").count == blobGetsBefore)
        let keys = hooks.requests.compactMap { $0.headers["idempotency-key"] }
        #expect(Set(keys).count == keys.count && keys.count >= 6)

        // SIGTERM drains and exits cleanly; secrets never reached the log.
        #expect(serve.terminate() == 0)
        #expect(!serve.log.contains(Self.secret) && !serve.log.contains(Self.token))
    }

    func waitForHooks(_ server: TestHTTPServer, count: Int) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let posts = server.requests.filter { $0.method == "POST" }
            if posts.count >= count {
                return posts.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("the webhook got \(server.requests.count) of \(count) notifications")
    }
}

/// An OCI layout holding an index of the images of other layouts (what a multi-platform build leaves).
enum OCIIndexLayout {
    static func combine(_ layouts: [String], into target: String, tag: String) throws {
        let blobs = target + "/blobs/sha256"
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        var manifests: [[String: Any]] = []
        for layout in layouts {
            for name in try FileManager.default.contentsOfDirectory(atPath: layout + "/blobs/sha256")
            where !FileManager.default.fileExists(atPath: blobs + "/" + name) {
                try FileManager.default.copyItem(atPath: layout + "/blobs/sha256/" + name, toPath: blobs + "/" + name)
            }
            let index =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: layout + "/index.json"))) as? [String: Any]
            guard var entry = (index?["manifests"] as? [[String: Any]])?.first,
                let digest = (entry["digest"] as? String)?.dropFirst(7)
            else { throw TestFailure("no manifest in \(layout)") }
            let manifest =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: blobs + "/" + digest))) as? [String: Any]
            let configDigest = ((manifest?["config"] as? [String: Any])?["digest"] as? String ?? "").dropFirst(7)
            let config =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: blobs + "/" + configDigest))) as? [String: Any]
            entry["annotations"] = nil
            entry["platform"] = ["os": config?["os"] ?? "linux", "architecture": config?["architecture"] ?? "amd64"]
            manifests.append(entry)
        }
        let index: [String: Any] = [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests,
        ]
        let bytes = try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys])
        let digest = sha256Hex(bytes)
        try bytes.write(to: URL(fileURLWithPath: blobs + "/" + digest))
        let top: [String: Any] = [
            "schemaVersion": 2,
            "manifests": [
                [
                    "mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest,
                    "size": bytes.count, "annotations": ["org.opencontainers.image.ref.name": tag],
                ]
            ],
        ]
        try JSONSerialization.data(withJSONObject: top, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: target + "/index.json"))
        try #"{"imageLayoutVersion": "1.0.0"}"#.write(toFile: target + "/oci-layout", atomically: true, encoding: .utf8)
    }

    static func sha256Hex(_ data: Data) -> String {
        let output = (try? TestProcess.run("/usr/bin/sha256sum", [], input: data).stdout) ?? ""
        return String(output.prefix(64))
    }
}
