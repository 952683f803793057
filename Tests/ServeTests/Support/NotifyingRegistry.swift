import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The CNCF distribution registry (Debian's `docker-registry` 2.8) on 127.0.0.1, a free port and a private storage
/// directory (/tmp/serve-registry-*), sending its notifications to `endpoint` with the shared secret header (as
/// docs/serve.md configures it). A `HelperProcess`: SIGKILLed by `stop()` or `restart()`, and by its own deinit.
final class NotifyingRegistry: Sendable {
    static let binary = "/usr/bin/docker-registry"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let port: Int
    let directory: String
    let secret: String
    private let state: Mutex<(child: HelperProcess?, endpoint: String)>
    var host: String { "127.0.0.1:\(port)" }
    var log: String { (try? String(contentsOfFile: directory + "/registry.log", encoding: .utf8)) ?? "" }

    private init(port: Int, directory: String, endpoint: String, secret: String) {
        self.port = port
        self.directory = directory
        self.secret = secret
        state = Mutex((nil, endpoint))
    }

    static func start(port: Int, endpoint: String, secret: String) async throws -> NotifyingRegistry {
        let directory = try TestFiles.temporaryDirectory("serve-registry")
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let registry = NotifyingRegistry(port: port, directory: directory, endpoint: endpoint, secret: secret)
        do {
            try await registry.launch()
        } catch {
            registry.stop()
            throw error
        }
        return registry
    }

    /// The configuration: filesystem storage, deletes allowed, notifications to the endpoint with a 1 s backoff.
    func writeConfig(endpoint: String) throws {
        let config = """
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: \(directory)/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:\(port)
              secret: shipshape-serve-test
            notifications:
              endpoints:
                - name: shipshape
                  url: \(endpoint)
                  headers:
                    X-Shipshape-Secret: [\(secret)]
                  timeout: 2s
                  threshold: 10
                  backoff: 1s

            """
        try config.write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
    }

    private func launch() async throws {
        let endpoint = state.withLock { $0.endpoint }
        try writeConfig(endpoint: endpoint)
        let child = try HelperProcess(
            Self.binary, ["serve", directory + "/config.yml"], logPath: directory + "/registry.log")
        state.withLock { $0.child = child }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if TestHTTPServer.canConnect(port: port) { return }
            guard child.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.kill()
        throw TestFailure("docker-registry did not start: \(log.suffix(2000))")
    }

    /// SIGKILL (what it had queued to notify is lost, as in a crash), then the same storage and port again,
    /// notifying `endpoint` (default: the same as before).
    func restart(endpoint: String? = nil) async throws {
        kill()
        if let endpoint { state.withLock { $0.endpoint = endpoint } }
        try await launch()
    }

    /// SIGKILL; the storage stays (for `restart` or `garbageCollect`).
    func kill() {
        let child = state.withLock { value in
            defer { value.child = nil }
            return value.child
        }
        child?.kill()
    }

    /// `docker-registry garbage-collect --delete-untagged` on the stopped registry's storage (it sends no
    /// notification); its output.
    func garbageCollect() async throws -> String {
        kill()
        let result = try await HelperProcess.run(
            Self.binary, ["garbage-collect", "--delete-untagged", directory + "/config.yml"],
            logPath: directory + "/gc.log", seconds: 60)
        guard result.status == 0 else { throw TestFailure("garbage-collect exited \(result.status): \(result.output)") }
        return result.output
    }

    /// SIGKILL and the storage removed.
    func stop() {
        kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// Access-log lines of GET requests whose path contains `fragment` and that succeeded.
    func gets(_ fragment: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter {
            $0.contains("\"GET ") && $0.contains(fragment) && $0.contains("HTTP/1.1\" 200 ")
        }
    }

    static func freePort() throws -> Int {
        let server = try TestHTTPServer { _ in .init(status: 500) }
        let port = server.port
        server.stop()
        return port
    }
}
