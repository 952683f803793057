import Foundation
import TestSupport
import Testing

/// Three worker processes on one PostgreSQL queue, one of them killed with SIGKILL while it scans: its job is
/// finished by another once the lease lapses, every image is scanned, and no job or result is recorded twice.
@Suite(
    "three shipshape-serve workers on PostgreSQL survive kill -9",
    .disabled(
        "unfinished: never run yet (it shares the end-to-end test's harness, which hangs); see the branch report"),
    .enabled(if: Requirement.met(NotifyingRegistry.available), "needs docker-registry (Debian)"),
    .enabled(if: Requirement.met(PostgresServer.available), "needs root and postgresql-15 (Debian)"),
    .enabled(
        if: Requirement.met(ServeProcess.built && TestFiles.shipshapeBuilt), "build shipshape and shipshape-serve"),
    .serialized)
struct ServeWorkersTests {
    static let secret = "event-secret-0123456789abcdef"
    static let token = "api-token-0123456789abcdef"

    @Test("a killed worker's job is taken over; nothing is lost or recorded twice")
    func killNine() async throws {
        let directory = try TestFiles.temporaryDirectory("serve-workers")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try PostgresServer.shared.get().database()
        // Six images with a big random layer each, so a scan takes long enough to be killed in the middle.
        var layouts: [String] = []
        for index in 0..<6 {
            let payload = directory + "/payload\(index)"
            try FileManager.default.createDirectory(atPath: payload, withIntermediateDirectories: true)
            let output = try TestProcess.run(
                "/usr/bin/head", ["-c", "60000000", "/dev/urandom"])
            try output.stdoutData.write(to: URL(fileURLWithPath: payload + "/blob"))
            let built = try TestProcess.run(
                TestFiles.shipshape.path,
                [
                    "build", "--no-git", "--allow-dynamic", "--compression", "none", "--add",
                    "payload\(index):/payload",
                    "--output", "oci:image\(index):1",
                ], directory: directory)
            #expect(built.status == 0, "\(built.stderr)")
            layouts.append("image\(index)")
        }
        try "\(Self.secret)\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try "\(Self.token)\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        let registryPort = try NotifyingRegistry.freePort()
        let common = [
            "--registry", "http://127.0.0.1:\(registryPort)", "--database", database, "--event-secret-file",
            directory + "/secret", "--api-token-file", directory + "/token", "--vulnerability-db",
            directory + "/none.db", "--reconcile-interval", "0", "--lease", "3", "--no-image-checks",
        ]
        let api = try await ServeProcess.start(
            common + ["--listen", "127.0.0.1:0", "--role", "api", "--role", "rematch"],
            logPath: directory + "/api.log")
        defer { api.kill() }
        var workers: [ServeProcess] = []
        defer { for worker in workers { worker.kill() } }
        for index in 0..<3 {
            workers.append(
                try await ServeProcess.start(
                    common + ["--role", "worker", "--workers", "1", "--worker-name", "w\(index)"],
                    logPath: directory + "/worker\(index).log", listens: false))
        }
        let registry = try await NotifyingRegistry.start(
            port: registryPort, endpoint: "\(api.base)/v1/events", secret: Self.secret)
        defer { registry.stop() }
        for (index, layout) in layouts.enumerated() {
            let pushed = try TestProcess.run(
                TestFiles.shipshape.path,
                ["copy", "--quiet", "oci:\(layout):1", "\(registry.host)/load/app\(index):1"],
                directory: directory)
            #expect(pushed.status == 0, "\(pushed.stderr)")
        }
        // Kill worker 0 as soon as it says it is scanning.
        var victimDigest: String?
        let deadline = Date().addingTimeInterval(60)
        while victimDigest == nil, Date() < deadline {
            if let line = workers[0].log.split(separator: "\n").first(where: { $0.contains(": scanning ") }),
                let at = line.range(of: "@sha256:")
            {
                victimDigest = "sha256:" + line[at.upperBound...].prefix(64)
                workers[0].kill()
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        let victim = try #require(victimDigest, "worker 0 never scanned: \(workers[0].log.suffix(2000))")
        let client = ServeClient(base: api.base, token: Self.token)
        let images =
            try await client.waitFor("/v1/images", seconds: 120) { value in
                let list = value as? [[String: Any]] ?? []
                return list.count == 6 && list.allSatisfy { $0["state"] as? String == "scanned" }
            } as? [[String: Any]] ?? []
        #expect(images.count == 6)
        // One done job a digest, none left running or queued; the killed worker's job was finished by another
        // (or, if it had recorded it just before the kill, by itself, once).
        let queue = try await client.json("/v1/queue") as? [String: Int] ?? [:]
        #expect(queue == ["done": 6], "\(queue)")
        let logs = workers.dropFirst().map(\.log).joined()
        let finishedBy = logs.contains("\(victim): ") ? "another worker" : "the killed worker"
        #expect(
            finishedBy == "another worker" || workers[0].log.contains("\(victim): 0 packages"),
            "the killed worker's job \(victim) was not finished by another")
        for worker in workers.dropFirst() { #expect(worker.terminate() == 0) }
        #expect(api.terminate() == 0)
    }
}
