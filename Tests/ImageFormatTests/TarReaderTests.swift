import Foundation
import Testing

@testable import ImageFormat

@Suite("Tar reader")
struct TarReaderTests {
    @Test("reads back what TarWriter wrote: every kind, PAX paths, long links, xattrs, big ids")
    func roundTrip() throws {
        let longPath = String(repeating: "deep/", count: 60) + "file.txt"
        let longTarget = String(repeating: "t", count: 150)
        var xattr = TarEntry(path: "bin/ping", kind: .regular, size: 3, mode: 0o4755)
        xattr.extendedAttributes = ["security.capability": [1, 0, 0, 2]]
        let entries: [(TarEntry, [UInt8])] = [
            Fixtures.directory("etc"),
            Fixtures.file("etc/hosts", "127.0.0.1 localhost\n"),
            (TarEntry(path: longPath, kind: .regular, size: 2, uid: 5_000_000, gid: 6_000_000), Array("hi".utf8)),
            (TarEntry(path: "lnk", kind: .symbolicLink, mode: 0o777, linkTarget: longTarget), []),
            (TarEntry(path: "etc/hosts2", kind: .hardLink, linkTarget: "etc/hosts"), []),
            (TarEntry(path: "dev/null", kind: .characterDevice, deviceMajor: 1, deviceMinor: 3), []),
            (TarEntry(path: "fifo", kind: .fifo), []),
            (xattr, [1, 2, 3]),
            (TarEntry(path: "user", kind: .regular, userName: String(repeating: "u", count: 40)), []),
        ]
        let read = try Fixtures.entries(of: MemoryStream(try Fixtures.tar(entries), chunk: 333))
        #expect(read.count == entries.count)
        for ((expected, content), (actual, actualContent)) in zip(entries, read) {
            #expect(actual == expected)
            #expect(actualContent == content)
        }
    }

    @Test("a leading ./ is normal and stripped; the ./ root entry is skipped")
    func dotSlash() throws {
        let bytes = try Fixtures.tar([
            Fixtures.directory("./"), Fixtures.directory("./usr"), Fixtures.file("./usr//bin/./x", "x"),
        ])
        let paths = try Fixtures.entries(of: MemoryStream(bytes)).map(\.0.path)
        #expect(paths == ["usr", "usr/bin/x"])
    }

    @Test("unsafe paths are errors naming the layer and entry", arguments: ["../x", "/abs", "a/../../b", "a/.."])
    func unsafePaths(path: String) throws {
        let bytes = try Fixtures.tar([Fixtures.file("ok", "1"), Fixtures.file(path, "2")])
        let reader = TarReader(stream: MemoryStream(bytes), name: "layer 1")
        _ = try reader.next()
        let error = #expect(throws: ImageReadError.self) { try reader.next() }
        #expect(error?.tarProblem == .unsafePath(path))
        #expect(error?.description.contains("layer 1") == true)
        #expect(error?.description.contains("'ok'") == true)
    }

    @Test("a hard link pointing outside the root is an error")
    func unsafeHardLink() throws {
        let bytes = try Fixtures.tar([(TarEntry(path: "x", kind: .hardLink, linkTarget: "../../etc/passwd"), [])])
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(bytes)) }
        #expect(error?.tarProblem == .unsafePath("../../etc/passwd"))
    }

    @Test("a corrupted header fails its checksum, with the offset")
    func badChecksum() throws {
        var bytes = try Fixtures.tar([Fixtures.file("a", "hello"), Fixtures.file("b", "world")])
        bytes[1024] ^= 0x01  // the second header's name
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(bytes)) }
        #expect(error == .tar(layer: "test", entry: "a", offset: 1024, problem: .badChecksum))
    }

    @Test("truncation inside content or inside a header is an error", arguments: [700, 1100, 1600])
    func truncated(length: Int) throws {
        let bytes = try Fixtures.tar([
            Fixtures.file("a", String(repeating: "x", count: 600)), Fixtures.file("b", "y"),
        ])
        let cut = Array(bytes.prefix(length))
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(cut)) }
        #expect(error?.tarProblem == .truncated)
    }

    @Test("truncation is found when content is skipped by seeking, too")
    func truncatedSkip() throws {
        let bytes = try Fixtures.tar([Fixtures.file("a", String(repeating: "x", count: 200_000))])
        let reader = TarReader(stream: MemoryStream(Array(bytes.prefix(100_000))), name: "layer")
        _ = try reader.next()
        #expect(throws: ImageReadError.tar(layer: "layer", entry: "a", offset: 100_000, problem: .truncated)) {
            try reader.next()
        }
    }

    @Test("a stream that ends cleanly between entries, without the end marker, is accepted")
    func missingEndMarker() throws {
        let bytes = try Fixtures.tar([Fixtures.file("a", "1")])
        #expect(try Fixtures.entries(of: MemoryStream(Array(bytes.dropLast(1024)))).map(\.0.path) == ["a"])
    }

    @Test("absurd sizes are refused: base-256 size of 2^50")
    func absurdSize() throws {
        var bytes = try Fixtures.tar([Fixtures.file("a", "1")])
        // size field (124..<136): base-256, 0x80 marker then big-endian 2^50.
        for index in 124..<136 { bytes[index] = 0 }
        bytes[124] = 0x80
        bytes[129] = 0x04  // bytes 128..135 hold the low 8 bytes; 0x04 at 129 = 2^50
        Fixtures.fixChecksum(&bytes, at: 0)
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(bytes)) }
        #expect(error?.tarProblem == .absurdSize(field: "entry size", value: 1 << 50))
    }

    @Test("base-256 numeric fields are decoded (uid, negative mtime)")
    func base256() throws {
        var bytes = try Fixtures.tar([Fixtures.file("a", "1")])
        for index in 108..<116 { bytes[index] = 0 }
        bytes[108] = 0x80
        bytes[113] = 0x98
        bytes[114] = 0x96
        bytes[115] = 0x80  // 10,000,000
        for index in 136..<148 { bytes[index] = 0xff }  // -1
        Fixtures.fixChecksum(&bytes, at: 0)
        let entry = try #require(try Fixtures.entries(of: MemoryStream(bytes)).first?.0)
        #expect(entry.uid == 10_000_000)
        #expect(entry.modificationTime == -1)
    }

    @Test("a non-octal numeric field is an error naming the field")
    func badNumber() throws {
        var bytes = try Fixtures.tar([Fixtures.file("a", "1")])
        bytes[100] = UInt8(ascii: "9")
        Fixtures.fixChecksum(&bytes, at: 0)
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(bytes)) }
        #expect(error?.tarProblem == .badNumber(field: "mode", value: "9000644"))
    }

    @Test("PAX global headers apply to later entries; local records win")
    func globalHeaders() throws {
        let global = TarWriter<MemorySink>.encodePax([("uname", Array("builder".utf8)), ("mtime", Array("42.5".utf8))])
        var local = TarEntry(path: "b", kind: .regular, size: 1)
        local.extendedAttributes = ["user.k": Array("v".utf8)]
        let bytes =
            try Fixtures.special("g", path: "pax_global_header", payload: global)
            + Fixtures.tar([Fixtures.file("a", "1"), (local, Array("2".utf8))])
        let read = try Fixtures.entries(of: MemoryStream(bytes))
        #expect(read.map(\.0.path) == ["a", "b"])
        #expect(read.map(\.0.userName) == ["builder", "builder"])
        #expect(read.map(\.0.modificationTime) == [42, 42])
        #expect(read[1].0.extendedAttributes == ["user.k": Array("v".utf8)])
    }

    @Test("malformed PAX records are errors")
    func badPax() throws {
        let payload = Array("30 path=short\n".utf8)
        let bytes =
            try Fixtures.special("x", path: "PaxHeader", payload: payload) + Fixtures.tar([Fixtures.file("a", "1")])
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(bytes)) }
        guard case .badExtendedHeader = error?.tarProblem else {
            Issue.record("expected a bad extended header, got \(String(describing: error))")
            return
        }
    }

    @Test("an absurd GNU long name is refused before it is read")
    func absurdLongName() throws {
        let bytes = try Fixtures.special("L", path: "././@LongLink", payload: [UInt8](repeating: 97, count: 2 << 20))
        let error = #expect(throws: ImageReadError.self) { try Fixtures.entries(of: MemoryStream(bytes)) }
        #expect(error?.tarProblem == .absurdSize(field: "GNU long name", value: 2 << 20))
    }

    @Test("unread content on a seekable stream is seeked past, not read")
    func seeksPastContent() throws {
        let big = [UInt8](repeating: 7, count: 8 << 20)
        let bytes = try Fixtures.tar([
            (TarEntry(path: "big", kind: .regular, size: Int64(big.count)), big), Fixtures.file("small", "tail"),
        ])
        let counting = CountingStream(MemoryStream(bytes))
        let reader = TarReader(stream: counting, name: "layer")
        #expect(try reader.next()?.path == "big")
        #expect(try reader.readContent(upTo: 4) == [7, 7, 7, 7])
        #expect(try reader.next()?.path == "small")
        #expect(try reader.readContent(upTo: 100) == Array("tail".utf8))
        #expect(try reader.next() == nil)
        #expect(counting.bytesRead < 256 << 10)
        #expect(counting.bytesSkipped > 7 << 20)
    }

    @Test("content can be read in chunks, in pieces, or partly")
    func contentAPIs() throws {
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let bytes = try Fixtures.tar([
            (TarEntry(path: "f", kind: .regular, size: Int64(content.count)), content), Fixtures.file("g", "G"),
        ])
        let reader = TarReader(stream: MemoryStream(bytes, chunk: 10_000), name: "t", bufferSize: 4096)
        _ = try reader.next()
        var collected: [UInt8] = []
        try reader.forEachContentChunk { collected.append(contentsOf: $0) }
        #expect(collected == content)
        #expect(try reader.next()?.path == "g")

        let second = TarReader(stream: MemoryStream(bytes), name: "t")
        _ = try second.next()
        var manual: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 200_000, alignment: 8)
        defer { scratch.deallocate() }
        while true {
            let got = try second.readContent(into: scratch)
            if got == 0 { break }
            manual.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<got]))
        }
        #expect(manual == content)
        #expect(second.remainingContent == 0)
    }
}
