import Foundation
import ImageFormat
import TestSupport
import Testing

@Suite("Tar writer")
struct TarWriterTests {
    /// Lists an archive with GNU tar, the reference reader.
    func listWithGNUTar(_ bytes: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tarw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a.tar")
        try Data(bytes).write(to: file)
        let result = try TestProcess.run("tar", ["--numeric-owner", "-tvf", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test("GNU tar reads what it writes: files, directories, links, long names, PAX")
    func roundTrip() throws {
        var writer = TarWriter(sink: MemorySink())
        try writer.append(TarEntry(path: "etc/", kind: .directory, mode: 0o755))
        try writer.append(
            TarEntry(path: "etc/hello", kind: .regular, size: 5, mode: 0o4755, uid: 1000, gid: 1000),
            content: Array("hello".utf8))
        try writer.append(TarEntry(path: "etc/link", kind: .symbolicLink, mode: 0o777, linkTarget: "hello"))
        let long = String(repeating: "d/", count: 120) + "file"
        try writer.append(TarEntry(path: long, kind: .regular, size: 1), content: [0x41])
        let split = String(repeating: "p", count: 150) + "/" + String(repeating: "n", count: 90)
        try writer.append(TarEntry(path: split, kind: .hardLink, linkTarget: "etc/hello"))
        let bytes = try writer.finish().bytes
        #expect(bytes.count % 512 == 0)
        let listing = try listWithGNUTar(bytes)
        #expect(listing.contains("-rwsr-xr-x 1000/1000         5 1970-01-01 00:00 etc/hello"))
        #expect(listing.contains("etc/link -> hello"))
        #expect(listing.contains(long))
        #expect(listing.contains(split + " link to etc/hello"))
    }

    @Test("the same entries give the same bytes")
    func deterministic() throws {
        func build() throws -> [UInt8] {
            var writer = TarWriter(sink: MemorySink())
            try writer.append(TarEntry(path: "a", kind: .regular, size: 3), content: [1, 2, 3])
            try writer.append(TarEntry(path: "b", kind: .regular, size: 0, extendedAttributes: ["user.x": [1]]))
            return try writer.finish().bytes
        }
        #expect(try build() == build())
    }

    @Test("content that does not match the declared size is refused")
    func sizeMismatch() throws {
        var writer = TarWriter(sink: MemorySink())
        #expect(throws: ImageFormatError.self) {
            try writer.append(TarEntry(path: "a", kind: .regular, size: 3), content: [1, 2])
        }
        var other = TarWriter(sink: MemorySink())
        #expect(throws: ImageFormatError.self) {
            try other.append(TarEntry(path: "a", kind: .regular, size: 1), content: [1, 2])
        }
    }
}
