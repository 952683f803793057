import Foundation
import Logging
import ServeStore
import TestSupport

/// What the service's integration tests share: a private directory under /tmp (serve-*), the secrets, the real
/// `shipshape` (`TestFiles.shipshape`, the release build in CI) run with a deadline, and images it builds.
struct ServeFixture {
    static let secret = "event-secret-0123456789abcdef"
    static let token = "api-token-0123456789abcdef"
    /// The labels and entrypoint every test image is built with (so `build` has nothing to refuse).
    static let labels = [
        "--version", "1.0.0", "--revision", "0123456789abcdef0123456789abcdef01234567", "--entrypoint", "/run",
    ]

    let directory: String

    init(_ label: String) throws {
        directory = try TestFiles.temporaryDirectory(label)
        try "\(Self.secret)\n".write(toFile: directory + "/secret", atomically: true, encoding: .utf8)
        try "\(Self.token)\n".write(toFile: directory + "/token", atomically: true, encoding: .utf8)
        try "#!/bin/sh\n".write(toFile: directory + "/run", atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// `shipshape ARGS` in the directory, at most `seconds`; fails the test with its output when it exits non-zero.
    @discardableResult
    func shipshape(_ arguments: [String], environment: [String: String] = [:], seconds: Double = 120) async throws
        -> String
    {
        let result = try await HelperProcess.run(
            TestFiles.shipshape.path, arguments, environment: environment, directory: directory,
            logPath: directory + "/shipshape-\(UUID().uuidString).log", seconds: seconds)
        guard result.status == 0 else {
            throw TestFailure("shipshape \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.output
    }

    /// A one-layer image on scratch holding `content` in /NAME.txt and the entrypoint, as `oci:NAME:1`.
    func buildSmall(_ name: String, content: String) async throws {
        try "\(content)\n".write(toFile: directory + "/\(name).txt", atomically: true, encoding: .utf8)
        try await shipshape(
            [
                "build", "--no-git", "--allow-dynamic", "--layers", "one", "--add", "\(name).txt:/\(name).txt", "--add",
                "run:/run:0755", "--output", "oci:\(name):1",
            ] + Self.labels)
    }

    /// `shipshape copy` of a layout to the registry.
    func push(_ layout: String, to reference: String, _ extra: [String] = []) async throws {
        try await shipshape(["copy", "--quiet"] + extra + [layout, reference])
    }

    /// The options every service process of a test takes.
    func serveArguments(registry: NotifyingRegistryAddress, database: String) -> [String] {
        [
            "--registry", "http://127.0.0.1:\(registry.port)", "--database", database, "--event-secret-file",
            directory + "/secret", "--api-token-file", directory + "/token", "--cache", directory + "/blobs",
        ]
    }

    /// The store the service writes, opened beside it (read-mostly: the tests look at the queue's rows).
    func store(_ database: String) async throws -> ServeStore {
        try await ServeStore.open(database, logger: Logger(label: "serve-tests"))
    }
}

/// Where a registry will listen, chosen before it (or the service that must name it) starts.
struct NotifyingRegistryAddress {
    let port: Int
    static func free() throws -> NotifyingRegistryAddress { .init(port: try NotifyingRegistry.freePort()) }
}

/// Waits for a condition with a deadline (the tests never sleep for a fixed time and hope).
func eventually(
    _ what: String, seconds: Double = 60, _ condition: () async throws -> Bool
) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw TestFailure("\(what): not within \(seconds) s")
}
