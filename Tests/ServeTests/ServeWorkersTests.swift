import Foundation
import ServeStore
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three worker processes on one PostgreSQL 15 queue, one of them killed with SIGKILL while it scans: its job is
/// finished by another once the lease lapses and the reaper puts it back, every image is scanned, and no job or
/// result is recorded twice. The kill lands inside the scan by construction, not by timing: the first worker pulls
/// from a server that takes the request and never answers, and is killed once that server holds its request.
@Suite(
    "three shipshape-serve workers on PostgreSQL survive kill -9",
    .enabled(if: Requirement.met(NotifyingRegistry.available), "needs docker-registry (Debian)"),
    .enabled(if: Requirement.met(PostgresServer.available), "needs root and postgresql-15 (Debian)"),
    .enabled(
        if: Requirement.met(ServeProcess.built && TestFiles.shipshapeBuilt), "build shipshape and shipshape-serve"),
    .serialized)
struct ServeWorkersTests {
    static let images = 6

    @Test("a killed worker's job is taken over; nothing is lost or recorded twice")
    func killNine() async throws {
        let fixture = try ServeFixture("serve-workers")
        defer { fixture.remove() }
        let directory = fixture.directory
        let database = try PostgresServer.shared.get().database()
        // Six images with a 1 MiB layer of random bytes each (distinct layers, so no scan reuses another's).
        for index in 0..<Self.images {
            let payload = directory + "/payload\(index)"
            try FileManager.default.createDirectory(atPath: payload, withIntermediateDirectories: true)
            var bytes = [UInt8](repeating: 0, count: 1 << 20)
            var generator = SystemRandomNumberGenerator()
            bytes.withUnsafeMutableBytes { buffer in
                let words = buffer.bindMemory(to: UInt64.self)
                for position in words.indices { words[position] = generator.next() }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: payload + "/blob"))
            try await fixture.shipshape(
                [
                    "build", "--no-git", "--allow-dynamic", "--layers", "one", "--add", "payload\(index):/payload",
                    "--add", "run:/run:0755", "--output", "oci:image\(index):1",
                ] + ServeFixture.labels)
        }
        // The first worker's registry: it reads the request and holds it, answering nothing, until released.
        let released = Mutex(false)
        let stall = try TestHTTPServer { _ in
            let deadline = Date().addingTimeInterval(120)
            while !released.withLock({ $0 }) && Date() < deadline { usleep(20_000) }
            return .init(status: 503)
        }
        defer {
            released.withLock { $0 = true }
            stall.stop()
        }
        let address = try NotifyingRegistryAddress.free()
        let common =
            fixture.serveArguments(registry: address, database: database) + [
                "--vulnerability-db", directory + "/none.db", "--reconcile-interval", "0", "--lease", "3",
                "--no-image-checks",
            ]
        // The API and the reaper in one process; the workers in three others, one worker task each.
        let api = try await ServeProcess.start(
            common + ["--listen", "127.0.0.1:0", "--role", "api", "--role", "rematch"],
            logPath: directory + "/api.log")
        defer { api.kill() }
        var workers: [ServeProcess] = []
        defer { for worker in workers { worker.kill() } }
        workers.append(
            try await ServeProcess.start(
                common.map { $0 == "http://127.0.0.1:\(address.port)" ? "http://\(stall.origin)" : $0 } + [
                    "--role", "worker", "--workers", "1", "--worker-name", "w0",
                ], logPath: directory + "/worker0.log", listens: false))
        let registry = try await NotifyingRegistry.start(
            port: address.port, endpoint: "\(api.base)/v1/events", secret: ServeFixture.secret)
        defer { registry.stop() }

        // The first image is the only job; the first worker claims it and is killed inside its pull.
        try await fixture.push("oci:image0:1", to: "\(registry.host)/load/app0:1")
        try await eventually("worker 0 scanning, its request held", seconds: 90) {
            workers[0].log.contains(": scanning ") && !stall.requests.isEmpty
        }
        let line = try #require(workers[0].log.split(separator: "\n").first { $0.contains(": scanning ") })
        let at = try #require(line.range(of: "@sha256:"))
        let killed = "sha256:" + line[at.upperBound...].prefix(64)
        workers[0].kill()
        #expect(!workers[0].log.contains("\(killed): "), "worker 0 finished its scan before the kill")

        // Two more workers, on the real registry, and the other five images.
        for index in 1..<3 {
            workers.append(
                try await ServeProcess.start(
                    common + ["--role", "worker", "--workers", "1", "--worker-name", "w\(index)"],
                    logPath: directory + "/worker\(index).log", listens: false))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1..<Self.images {
                group.addTask {
                    try await fixture.push("oci:image\(index):1", to: "\(registry.host)/load/app\(index):1")
                }
            }
            try await group.waitForAll()
        }
        let client = ServeClient(base: api.base, token: ServeFixture.token)
        let images =
            try await client.waitFor("/v1/images", seconds: 120) { value in
                let list = value as? [[String: Any]] ?? []
                return list.count == Self.images && list.allSatisfy { $0["state"] as? String == "scanned" }
            } as? [[String: Any]] ?? []
        #expect(images.count == Self.images)
        // One done job a digest, none left running or queued.
        #expect(try await client.json("/v1/queue") as? [String: Int] == ["done": Self.images])
        let store = try await fixture.store(database)
        for image in images {
            let digest = try #require(image["digest"] as? String)
            let jobs = try await store.jobs(digest: digest)
            #expect(jobs.count == 1 && jobs.first?.state == "done", "\(digest): \(jobs)")
            if digest == killed {
                // The killed worker's job: leased to it, reaped when the lease lapsed, taken by another.
                #expect(jobs.first?.attempts == 2, "\(jobs)")
                #expect(["w1-0", "w2-0"].contains(jobs.first?.worker ?? ""), "\(jobs)")
            } else {
                #expect(jobs.first?.attempts == 1, "\(jobs)")
            }
            // Each result written once: the one layer's one payload file, no package twice.
            let detail = try await client.json("/v1/images/\(digest)") as? [String: Any] ?? [:]
            #expect((detail["layers"] as? [Any])?.count == 1)
        }
        let rows = try await store.database.transaction { connection in
            try await connection.query("SELECT COUNT(*), COUNT(DISTINCT digest) FROM jobs", [])
        }
        await store.close()
        #expect(rows.first?.compactMap(\.integer) == [Int64(Self.images), Int64(Self.images)])
        #expect(api.log.contains("expired leases put back in the queue"), "\(api.log.suffix(2000))")
        let survivors = workers.dropFirst().map(\.log).joined()
        #expect(survivors.contains("scanning load/") && survivors.contains("\(killed): "))
        for worker in workers.dropFirst() { #expect(await worker.terminate() == 0) }
        #expect(await api.terminate() == 0)
    }
}
