import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The whole service against the real components: a real docker-registry notifying a real shipshape-serve (the
/// release build when there is one: `TestFiles.shipshapeServe`), images pushed with the real `shipshape copy`,
/// results read back through the API. Every wait has a deadline; every helper process is SIGKILLed at the end.
@Suite(
    "shipshape serve with a real registry",
    .enabled(if: Requirement.met(NotifyingRegistry.available), "needs docker-registry (Debian)"),
    .enabled(
        if: Requirement.met(ServeProcess.built && TestFiles.shipshapeBuilt), "build shipshape and shipshape-serve"),
    .serialized)
struct ServeEndToEndTests {
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
        "pushes become findings through the API; shared layers pulled once; duplicates dropped; an advisory import re-matches and notifies only what is new"
    )
    func endToEnd() async throws {
        let fixture = try ServeFixture("serve-e2e")
        defer { fixture.remove() }
        let directory = fixture.directory
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
        try await fixture.shipshape(["db", "import", directory + "/osv1"], environment: environment)

        // Images: a one-layer base, two images on it, and the second built for two platforms (an index).
        let labels = ServeFixture.labels
        let build = ["build", "--no-git", "--allow-dynamic", "--layers", "one"] + labels
        try await fixture.shipshape(
            build + [
                "--add", "rootfs/etc:/etc", "--add", "rootfs/var:/var", "--add", "run:/run:0755", "--output",
                "oci:base:1",
            ])
        try await fixture.shipshape(
            [
                "build", "--no-git", "--allow-dynamic", "--base", "oci:base:1", "--add", "one.txt:/one.txt", "--output",
                "oci:one:1",
            ] + labels)
        // amd64 on the shared base; arm64 (the base is amd64) from the same files on scratch.
        try await fixture.shipshape(
            [
                "build", "--no-git", "--allow-dynamic", "--base", "oci:base:1", "--add", "two.txt:/two.txt", "--output",
                "oci:two-amd64:1",
            ] + labels)
        try await fixture.shipshape(
            build + [
                "--platform", "linux/arm64", "--add", "rootfs/etc:/etc", "--add", "rootfs/var:/var", "--add",
                "run:/run:0755", "--add", "two.txt:/two.txt", "--output", "oci:two-arm64:1",
            ])
        try OCIIndexLayout.combine(
            [directory + "/two-amd64", directory + "/two-arm64"], into: directory + "/two", tag: "1")

        let hooks = try TestHTTPServer { _ in .init(status: 200) }
        defer { hooks.stop() }
        let address = try NotifyingRegistryAddress.free()
        let serve = try await ServeProcess.start(
            fixture.serveArguments(registry: address, database: directory + "/serve.db") + [
                "--listen", "127.0.0.1:0", "--vulnerability-db", directory + "/osv.db", "--webhook",
                "http://\(hooks.origin)/hook", "--workers", "1",
            ], logPath: directory + "/serve.log")
        defer { serve.kill() }
        let registry = try await NotifyingRegistry.start(
            port: address.port, endpoint: "\(serve.base)/v1/events", secret: ServeFixture.secret)
        defer { registry.stop() }
        let api = ServeClient(base: serve.base, token: ServeFixture.token)

        // Unauthenticated calls are refused (the pages' 401 carries WWW-Authenticate: Basic); health is open.
        let anonymous = ServeClient(base: serve.base, token: nil)
        #expect(try await anonymous.request("GET", "/v1/images").status == 401)
        #expect(try await anonymous.request("GET", "/").status == 401)
        #expect(try await anonymous.request("POST", "/v1/events", body: Data("{}".utf8)).status == 401)
        #expect(
            try await ServeClient(base: serve.base, token: "wrong-token-0123456789").request("GET", "/v1/queue").status
                == 401)
        #expect(try await anonymous.request("GET", "/healthz").status == 200)
        #expect(try await anonymous.request("GET", "/readyz").status == 200)

        // Push: one image under two tags, the index under one.
        let reg = registry.host
        try await fixture.push("oci:one:1", to: "\(reg)/app/one:1.0", ["--additional-tag", "latest"])
        try await fixture.push("oci:two:1", to: "\(reg)/app/two:2.0", ["--all-platforms"])

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
        // One finding a vulnerability, shown by its CVE id (as `scan` shows it), the Debian advisory an alias.
        #expect(vulnerabilities.compactMap { $0["id"] as? String } == ["CVE-2023-5363"])
        let aliases = vulnerabilities.first?["aliases"] as? [String] ?? []
        #expect(aliases.contains("DSA-5532-1"))
        #expect(vulnerabilities.first?["fixed"] as? String == "3.0.11-1~deb12u3")
        let layers = detail["layers"] as? [[String: Any]] ?? []
        #expect(layers.count == 2)

        // Each manifest digest scanned once, though the registry sent a push event per tag and one per platform
        // manifest besides the index's.
        #expect(try await api.json("/v1/queue") as? [String: Int] == ["done": 4])
        // The shared base layer was pulled once for the three images (layer cache and blob cache).
        let baseLayer = try #require(layers.first?["digest"] as? String)
        #expect(registry.gets("/blobs/\(baseLayer)").count == 1, "\(registry.gets("/blobs/\(baseLayer)"))")

        // Which images have the CVE (by alias), and the page shows them, escaped.
        let withCVE = try await api.json("/v1/images?vulnerability=CVE-2023-5363") as? [[String: Any]] ?? []
        #expect(withCVE.count == 3)
        let (pageStatus, page) = try await api.request("GET", "/images/\(digest)")
        #expect(pageStatus == 200)
        let html = String(decoding: page, as: UTF8.self)
        #expect(html.contains("DSA-5532-1") && html.contains("app/one:latest") && html.contains("libssl3"))
        #expect(!html.contains("<b>bug</b>"))

        // A flood of duplicates, as the registry's retries and its one-event-per-tag pushes give: 40 resends of
        // one event id, 20 at a time, and then 200 new ids, all for the digest already scanned.
        let resend = """
            {"events": [{"id": "dup-1", "action": "push", "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
             "digest": "\(digest)", "repository": "app/one", "tag": "1.0"}}]}
            """
        var totals = (accepted: 0, duplicates: 0, queued: 0)
        for _ in 0..<2 {
            let answers = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let (status, body) = try await api.postEvents(resend, secret: ServeFixture.secret)
                        return [status] + ["accepted", "duplicates", "queued"].map { body[$0] as? Int ?? 0 }
                    }
                }
                var answers: [[Int]] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            for answer in answers {
                #expect(answer[0] == 202)
                totals.accepted += answer[1]
                totals.duplicates += answer[2]
                totals.queued += answer[3]
            }
        }
        #expect(totals.accepted == 1 && totals.duplicates == 39 && totals.queued == 0, "\(totals)")
        let events = (0..<200).map { number in
            """
            {"id": "tag-\(number)", "action": "push", "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json",
             "digest": "\(digest)", "repository": "app/one", "tag": "1.0"}}
            """
        }
        let (floodStatus, flood) = try await api.postEvents(
            "{\"events\": [\(events.joined(separator: ","))]}", secret: ServeFixture.secret)
        #expect(floodStatus == 202)
        #expect(flood["accepted"] as? Int == 200 && flood["queued"] as? Int == 0, "\(flood)")
        #expect(try await api.json("/v1/queue") as? [String: Int] == ["done": 4])
        let (_, metrics) = try await api.request("GET", "/metrics")
        let metricsText = String(decoding: metrics, as: UTF8.self)
        // At least the 39 resends (a registry retry of a slow answer would add its own).
        let deduplicated = metricsText.split(separator: "\n").first {
            $0.hasPrefix("shipshape_events_deduplicated_total ")
        }
        .flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect((deduplicated ?? 0) >= 39, "\(metricsText.prefix(3000))")

        // The first scans notified each image's finding once.
        let first = try await waitForHooks(hooks, count: 3)
        #expect(first.allSatisfy { $0["reason"] as? String == "scan" })
        // A new advisory imported: every stored inventory re-matched without a pull, only zlib's record notified.
        let blobGetsBefore = registry.log.components(separatedBy: "/blobs/").count
        try await fixture.shipshape(["db", "import", directory + "/osv2"], environment: environment)
        let hooked = try await waitForHooks(hooks, count: 6)
        let rematched = hooked.filter { ($0["reason"] as? String ?? "").hasPrefix("rematch") }
        #expect(rematched.count == 3)
        for payload in rematched {
            let findings = payload["findings"] as? [[String: Any]] ?? []
            #expect(findings.compactMap { $0["vulnerability"] as? String } == ["CVE-2024-9999"])
        }
        #expect(registry.log.components(separatedBy: "/blobs/").count == blobGetsBefore)
        let keys = hooks.requests.compactMap { $0.headers["idempotency-key"] }
        #expect(Set(keys).count == keys.count && keys.count == 6)
        let withNew = try await api.json("/v1/images?vulnerability=CVE-2024-9999") as? [[String: Any]] ?? []
        #expect(withNew.count == 3)

        // SIGTERM drains and exits cleanly; secrets never reached the log.
        #expect(await serve.terminate() == 0, "\(serve.log.suffix(2000))")
        #expect(!serve.log.contains(ServeFixture.secret) && !serve.log.contains(ServeFixture.token))
    }

    @Test(
        "a service killed and a registry restarted (its pending notifications lost): the queue survives and the reconcile walk finds the missed push"
    )
    func restarts() async throws {
        let fixture = try ServeFixture("serve-restart")
        defer { fixture.remove() }
        for name in ["first", "missed", "after"] { try await fixture.buildSmall(name, content: name) }
        let address = try NotifyingRegistryAddress.free()
        // One port for both lives of the service, so the registry's endpoint stays right.
        let servePort = try NotifyingRegistry.freePort()
        let database = fixture.directory + "/serve.db"
        let arguments =
            fixture.serveArguments(registry: address, database: database) + [
                "--listen", "127.0.0.1:\(servePort)", "--vulnerability-db", fixture.directory + "/none.db",
            ]
        // The first life: no workers, so the first push stays queued.
        let first = try await ServeProcess.start(
            arguments + ["--workers", "0", "--reconcile-interval", "0"], logPath: fixture.directory + "/serve1.log")
        defer { first.kill() }
        let registry = try await NotifyingRegistry.start(
            port: address.port, endpoint: "\(first.base)/v1/events", secret: ServeFixture.secret)
        defer { registry.stop() }
        let api = ServeClient(base: first.base, token: ServeFixture.token)
        try await fixture.push("oci:first:1", to: "\(registry.host)/restart/first:1")
        try await eventually("the first push queued") {
            (try await api.json("/v1/queue") as? [String: Int]) == ["queued": 1]
        }

        // The service dies; a push it does not hear of; the registry dies too, with that notification queued.
        first.kill()
        try await fixture.push("oci:missed:1", to: "\(registry.host)/restart/missed:1")
        try await eventually("the registry tried to notify the dead service", seconds: 20) {
            registry.log.contains("connection refused")
        }
        try await registry.restart()

        // The second life, with a worker: the queued job survived; the reconcile walk at start finds the missed
        // push; notifications work again for a new one.
        let second = try await ServeProcess.start(
            arguments + ["--workers", "1"], logPath: fixture.directory + "/serve2.log")
        defer { second.kill() }
        try await eventually("the missed push found by reconcile") {
            second.log.contains("reconcile: 2 repositories, 2 tags, 1 queued")
        }
        try await fixture.push("oci:after:1", to: "\(registry.host)/restart/after:1")
        let images =
            try await api.waitFor("/v1/images") { value in
                let list = value as? [[String: Any]] ?? []
                return list.count == 3 && list.allSatisfy { $0["state"] as? String == "scanned" }
            } as? [[String: Any]] ?? []
        #expect(
            Set(images.compactMap { $0["repository"] as? String }) == [
                "restart/first", "restart/missed", "restart/after",
            ])
        // Nothing lost, nothing twice: one job a digest, each done at the first attempt.
        let store = try await fixture.store(database)
        for image in images {
            let digest = try #require(image["digest"] as? String)
            let jobs = try await store.jobs(digest: digest)
            #expect(
                jobs.map { $0.state } == ["done"] && jobs.map { $0.attempts } == [1],
                "\(image["repository"] ?? ""): \(jobs)")
        }
        let missed = try #require(
            images.first { $0["repository"] as? String == "restart/missed" }?["digest"] as? String)
        let reasons = try await store.database.transaction { connection in
            try await connection.query("SELECT reason FROM jobs WHERE digest = ?", [.text(missed)]).map {
                $0.first?.text ?? ""
            }
        }
        await store.close()
        #expect(reasons == ["reconcile"])
        #expect(await second.terminate() == 0, "\(second.log.suffix(2000))")
    }

    @Test(
        "garbage collection deletes a manifest under a queued job: the job ends as gone at its first attempt, not retried"
    )
    func garbageCollected() async throws {
        let fixture = try ServeFixture("serve-gc")
        defer { fixture.remove() }
        for name in ["old", "new"] { try await fixture.buildSmall(name, content: name) }
        let address = try NotifyingRegistryAddress.free()
        let servePort = try NotifyingRegistry.freePort()
        let database = fixture.directory + "/serve.db"
        let arguments =
            fixture.serveArguments(registry: address, database: database) + [
                "--listen", "127.0.0.1:\(servePort)", "--vulnerability-db", fixture.directory + "/none.db",
            ]
        let first = try await ServeProcess.start(
            arguments + ["--workers", "0", "--reconcile-interval", "0"], logPath: fixture.directory + "/serve1.log")
        defer { first.kill() }
        let registry = try await NotifyingRegistry.start(
            port: address.port, endpoint: "\(first.base)/v1/events", secret: ServeFixture.secret)
        defer { registry.stop() }
        let api = ServeClient(base: first.base, token: ServeFixture.token)
        // The tag moves from the old image to the new one: the old manifest is untagged, its job still queued.
        try await fixture.push("oci:old:1", to: "\(registry.host)/gc/app:1")
        try await fixture.push("oci:new:1", to: "\(registry.host)/gc/app:1")
        try await eventually("both pushes queued") {
            (try await api.json("/v1/queue") as? [String: Int]) == ["queued": 2]
        }
        let pending = try await api.json("/v1/images") as? [[String: Any]] ?? []
        let oldDigest = try #require(pending.first { ($0["tags"] as? [String] ?? []).isEmpty }?["digest"] as? String)
        let newDigest = try #require(pending.first { ($0["tags"] as? [String]) == ["gc/app:1"] }?["digest"] as? String)

        // garbage-collect (which notifies nobody) deletes the untagged manifest.
        let collected = try await registry.garbageCollect()
        #expect(collected.contains("1 manifests eligible for deletion"), "\(collected.suffix(2000))")
        #expect(collected.contains(String(oldDigest.dropFirst("sha256:".count))), "\(collected.suffix(2000))")
        try await registry.restart()
        #expect(await first.terminate() == 0, "\(first.log.suffix(2000))")

        let second = try await ServeProcess.start(
            arguments + ["--workers", "1", "--reconcile-interval", "0"], logPath: fixture.directory + "/serve2.log")
        defer { second.kill() }
        try await eventually("both jobs ended") {
            (try await api.json("/v1/queue") as? [String: Int]) == ["done": 1, "gone": 1]
        }
        let images = try await api.json("/v1/images") as? [[String: Any]] ?? []
        #expect(images.compactMap { $0["digest"] as? String } == [newDigest])
        #expect(images.first?["state"] as? String == "scanned")
        let store = try await fixture.store(database)
        let jobs = try await store.jobs(digest: oldDigest)
        await store.close()
        #expect(jobs.map { $0.state } == ["gone"] && jobs.map { $0.attempts } == [1], "\(jobs)")
        #expect(second.log.contains("\(oldDigest) is gone from the registry"))
        #expect(!second.log.contains("failed:"), "\(second.log.suffix(2000))")
        #expect(await second.terminate() == 0)
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
