import Foundation
import TestSupport

/// The CNCF distribution registry (Debian's `docker-registry`) on 127.0.0.1, a free port and a temporary storage
/// directory, sending its notifications to `endpoint` with the shared secret header (as docs/serve.md configures
/// it). Killed with the test process (a shell that ends it when its stdin closes), removed by `stop()`.
final class NotifyingRegistry: @unchecked Sendable {
    // @unchecked: immutable after start; the process is stopped once.
    static let binary = "/usr/bin/docker-registry"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let port: Int
    let directory: String
    let process: Process
    let keepAlive: Pipe
    var host: String { "127.0.0.1:\(port)" }
    var log: String { (try? String(contentsOfFile: directory + "/registry.log", encoding: .utf8)) ?? "" }

    private init(port: Int, directory: String, process: Process, keepAlive: Pipe) {
        self.port = port
        self.directory = directory
        self.process = process
        self.keepAlive = keepAlive
    }

    static func start(port: Int, endpoint: String, secret: String) async throws -> NotifyingRegistry {
        let directory = try TestFiles.temporaryDirectory("serve-registry")
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "\"$0\" serve \"$1\" & pid=$!; trap 'kill $pid 2>/dev/null' TERM; read _; kill $pid",
            binary, directory + "/config.yml",
        ]
        let keepAlive = Pipe()
        process.standardInput = keepAlive
        _ = FileManager.default.createFile(atPath: directory + "/registry.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/registry.log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let registry = NotifyingRegistry(port: port, directory: directory, process: process, keepAlive: keepAlive)
        for _ in 0..<200 {
            if TestHTTPServer.canConnect(port: port) { return registry }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let text = registry.log
        registry.stop()
        throw TestFailure("docker-registry did not start: \(text.suffix(2000))")
    }

    func stop() {
        if process.isRunning {
            try? keepAlive.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

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
