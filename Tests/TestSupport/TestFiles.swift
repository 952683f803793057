import Foundation

/// Paths every test target needs: the package, the built `shipshape`, scratch directories.
public enum TestFiles {
    /// The package root, found from this file's path (Tests/TestSupport/TestFiles.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `shipshape` binary the CLI and integration tests run: `$SHIPSHAPE_BIN` (scripts/check.sh runs the tests
    /// against the release binary users run, `scripts/build-release.sh`, and the CLI tests again against the debug
    /// one), else this package's debug build (`swift build --build-tests` makes it before the tests).
    public static let shipshape: URL = {
        if let path = ProcessInfo.processInfo.environment["SHIPSHAPE_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path, relativeTo: packageRoot).absoluteURL
        }
        return packageRoot.appendingPathComponent(".build/debug/shipshape")
    }()

    /// Whether the `shipshape` binary is built; suites gate on `Requirement.met(TestFiles.shipshapeBuilt)`, so CI
    /// fails them instead of skipping them when it is not.
    public static var shipshapeBuilt: Bool { FileManager.default.isExecutableFile(atPath: shipshape.path) }

    /// The `shipshape-serve` binary the service's integration tests run: `$SHIPSHAPE_SERVE_BIN` (scripts/check.sh
    /// passes the release build, beside `SHIPSHAPE_BIN`), else `.build/release/shipshape-serve` when it is built
    /// (`scripts/build-release.sh`), else the debug one.
    public static let shipshapeServe: URL = {
        if let path = ProcessInfo.processInfo.environment["SHIPSHAPE_SERVE_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path, relativeTo: packageRoot).absoluteURL
        }
        let release = packageRoot.appendingPathComponent(".build/release/shipshape-serve")
        if FileManager.default.isExecutableFile(atPath: release.path) { return release }
        return packageRoot.appendingPathComponent(".build/debug/shipshape-serve")
    }()

    /// Whether `shipshapeServe` is built.
    public static var shipshapeServeBuilt: Bool { FileManager.default.isExecutableFile(atPath: shipshapeServe.path) }

    /// A new, empty directory under the system's temporary directory, named `LABEL-UUID`; the caller removes it.
    public static func temporaryDirectory(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A test's own failure (a fixture program that failed, a server that did not start), with what went wrong.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
