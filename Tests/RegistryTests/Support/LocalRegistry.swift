import Foundation
import TestSupport
import Testing

/// The CNCF distribution registry (Debian's `docker-registry`, 2.8) on 127.0.0.1, a free port and a temporary
/// storage directory, stopped and removed by `withLocalRegistry` even when the test fails.
final class LocalRegistry: @unchecked Sendable {
    // @unchecked: immutable after start; the helper process is only killed from stop().
    static let binary = "/usr/bin/docker-registry"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    enum Auth {
        case none
        case htpasswd(users: [(String, String)])
        case token(realm: String, service: String, issuer: String, certificatePath: String)
    }

    let port: Int
    let directory: String
    let process: HelperProcess
    var host: String { "127.0.0.1:\(port)" }
    var logPath: String { directory + "/registry.log" }

    private init(port: Int, directory: String, process: HelperProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    static func start(auth: Auth = .none) async throws -> LocalRegistry {
        let directory = NSTemporaryDirectory() + "/shipshape-registry-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        let port = try freePort()
        var config = """
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: \(directory)/data
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:\(port)
              secret: shipshape-test-secret

            """
        switch auth {
        case .none:
            break
        case .htpasswd(let users):
            var lines: [String] = []
            for (user, password) in users {
                lines.append(
                    try TestProcess.output("/usr/bin/htpasswd", ["-Bbn", user, password]).trimmingCharacters(
                        in: .whitespacesAndNewlines))
            }
            try lines.joined(separator: "\n").write(toFile: directory + "/htpasswd", atomically: true, encoding: .utf8)
            config += """
                auth:
                  htpasswd:
                    realm: shipshape-test
                    path: \(directory)/htpasswd

                """
        case .token(let realm, let service, let issuer, let certificatePath):
            config += """
                auth:
                  token:
                    realm: \(realm)
                    service: \(service)
                    issuer: \(issuer)
                    rootcertbundle: \(certificatePath)

                """
        }
        try config.write(toFile: directory + "/config.yml", atomically: true, encoding: .utf8)
        // A HelperProcess (no inherited pipe or signal mask), SIGKILLed by stop() and when the test process exits.
        let process = try HelperProcess(
            binary, ["serve", directory + "/config.yml"], logPath: directory + "/registry.log")
        let registry = LocalRegistry(port: port, directory: directory, process: process)
        // Ready when it accepts connections (within 10 s).
        for _ in 0..<200 {
            if canConnect(port: port) { return registry }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let text = registry.log
        registry.stop()
        throw TestFailure("docker-registry did not start: \(text.suffix(2000))")
    }

    func stop() {
        process.kill()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Access-log lines of requests with this method whose path contains `fragment` and whose status is `status`.
    func requests(_ method: String, _ fragment: String, status: Int? = nil) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            guard line.contains("\"\(method) "), line.contains(fragment) else { return false }
            guard let status else { return true }
            return line.contains("HTTP/1.1\" \(status) ")
        }
    }

    static func freePort() throws -> Int {
        let server = try TestHTTPServer { _ in .init(status: 500) }
        let port = server.port
        server.stop()
        return port
    }

    static func canConnect(port: Int) -> Bool {
        TestHTTPServer.canConnect(port: port)
    }
}

/// Runs `body` with a started registry and always stops it.
func withLocalRegistry<T>(
    auth: LocalRegistry.Auth = .none, _ body: (LocalRegistry) async throws -> T
) async throws -> T {
    let registry = try await LocalRegistry.start(auth: auth)
    do {
        let result = try await body(registry)
        registry.stop()
        return result
    } catch {
        registry.stop()
        throw error
    }
}

/// Tests that need the real registry binary (CI installs `docker-registry`).
extension Trait where Self == ConditionTrait {
    static var needsRegistry: Self {
        .enabled(
            if: Requirement.met(LocalRegistry.available),
            "needs /usr/bin/docker-registry (Debian package docker-registry)")
    }
    static var needsHtpasswd: Self {
        .enabled(
            if: Requirement.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/htpasswd")),
            "needs /usr/bin/htpasswd (Debian package apache2-utils)")
    }
    static var needsOpenSSL: Self {
        .enabled(
            if: Requirement.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")),
            "needs /usr/bin/openssl")
    }
}
