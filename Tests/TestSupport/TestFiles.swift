import Foundation

/// Paths every test target needs: the package, the built `shipshape`, scratch directories.
public enum TestFiles {
    /// The package root, found from this file's path (Tests/TestSupport/TestFiles.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `shipshape` binary of this package's debug build (`swift build --build-tests` makes it before the tests).
    public static let shipshape = packageRoot.appendingPathComponent(".build/debug/shipshape")

    /// Whether the debug `shipshape` binary is built (CLI tests are skipped without it).
    public static var shipshapeBuilt: Bool { FileManager.default.isExecutableFile(atPath: shipshape.path) }

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
