import Testing

@testable import ImageFormat

/// Issue 18 row 2: paths too long or too deep to unpack are refused in the reader, before anything walks them.
@Suite("Tar reader: hostile input")
struct HostileTarTests {
    static func read(_ bytes: [UInt8]) throws -> [(TarEntry, [UInt8])] {
        try Fixtures.entries(of: MemoryStream(bytes), name: "layer 0")
    }

    @Test(
        "paths at the limits are read",
        arguments: [
            String(repeating: "n", count: TarReader.maxPathLength),
            Array(repeating: "a", count: TarReader.maxPathDepth).joined(separator: "/"),
        ])
    func atTheLimits(path: String) throws {
        let read = try Self.read(try Fixtures.tar([Fixtures.file(path, "x")]))
        #expect(read.map(\.0.path) == [path])
    }

    @Test("a path 16,384 directories deep is refused as too long, quoting only its start")
    func deepPath() throws {
        let path = Array(repeating: "a", count: 16_384).joined(separator: "/")
        let error = #expect(throws: ImageReadError.self) { try Self.read(try Fixtures.tar([Fixtures.file(path, "")])) }
        #expect(error?.tarProblem == .pathTooLong(excerpt: String(path.prefix(64)) + "…", length: 32_767, limit: 4096))
        #expect(error?.description.contains("layer 0") == true)
        #expect((error?.description.count ?? .max) < 300)
    }

    @Test("a path of 1,025 levels within the length limit is refused as too deep")
    func tooDeep() throws {
        let path = Array(repeating: "a", count: TarReader.maxPathDepth + 1).joined(separator: "/")
        let error = #expect(throws: ImageReadError.self) { try Self.read(try Fixtures.tar([Fixtures.file(path, "")])) }
        #expect(error?.tarProblem == .pathTooDeep(excerpt: String(path.prefix(64)) + "…", depth: 1025, limit: 1024))
        #expect(error?.description.contains("1025 directories deep, over the limit of 1024") == true)
    }

    @Test("a symbolic link target over the length limit is refused")
    func longLinkTarget() throws {
        let target = String(repeating: "t", count: TarReader.maxPathLength + 1)
        let link = TarEntry(path: "l", kind: .symbolicLink, mode: 0o777, linkTarget: target)
        let error = #expect(throws: ImageReadError.self) { try Self.read(try Fixtures.tar([(link, [])])) }
        guard case .pathTooLong(_, let length, _) = error?.tarProblem else {
            Issue.record("expected pathTooLong, got \(String(describing: error))")
            return
        }
        #expect(length == 4097)
    }
}
