import Testing

@testable import ImageFormat

/// Issue 18 rows 2 and 3: paths too long or too deep to unpack, and PAX global headers, are refused or bounded
/// in the reader, before anything walks or copies them.
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

    @Test("a global header of 10,000 attributes before 20,000 files: nothing of it is copied into the entries")
    func globalAttributes() throws {
        let value = [UInt8](repeating: 0x76, count: 64)
        let records = (0..<10_000).map { ("SCHILY.xattr.user.k\($0)", value) }
        let global = TarWriter<MemorySink>.encodePax(records + [("path", Array("forged".utf8))])
        #expect(global.count > 900_000)
        let files = (0..<20_000).map { Fixtures.file("f\($0)", "") }
        let bytes = try Fixtures.special("g", path: "pax_global_header", payload: global) + Fixtures.tar(files)
        let clock = ContinuousClock()
        let started = clock.now
        let read = try Self.read(bytes)
        #expect(clock.now - started < .seconds(10))
        #expect(read.count == 20_000)
        #expect(read.allSatisfy { $0.0.extendedAttributes.isEmpty })
        #expect(read.first?.0.path == "f0")
    }

    @Test("a global header carrying more than 1 KiB into every entry is refused")
    func globalTooLarge() throws {
        let global = TarWriter<MemorySink>.encodePax([("uname", [UInt8](repeating: 0x75, count: 2000))])
        let bytes =
            try Fixtures.special("g", path: "pax_global_header", payload: global)
            + Fixtures.tar([Fixtures.file("a", "")])
        let error = #expect(throws: ImageReadError.self) { try Self.read(bytes) }
        #expect(error?.tarProblem == .globalHeaderTooLarge(size: 2005, limit: 1024))
    }
}
