import Foundation
import TestSupport
import Testing

@testable import ImageFormat

@Suite("Decompression")
struct CompressionTests {
    static let tar: [UInt8] = {
        let content = (0..<500_000).map { UInt8(truncatingIfNeeded: ($0 * 7) ^ ($0 >> 9)) }
        return
            (try? Fixtures.tar([
                Fixtures.directory("app"),
                (TarEntry(path: "app/data", kind: .regular, size: Int64(content.count)), content),
                Fixtures.file("app/tail", "end"),
            ])) ?? []
    }()

    static var kinds: [LayerCompression] { Fixtures.hasZstdTool ? [.gzip, .zstd] : [.gzip] }

    /// Writes `bytes` to a file and opens it as a layer declared `compression`.
    static func open(_ bytes: [UInt8], _ compression: LayerCompression, in root: String) throws -> any ByteStream {
        let path = root + "/blob"
        try Fixtures.write(bytes, to: path)
        return try LayerStreams.open(
            BlobLocation(path: path, length: Int64(bytes.count)), compression: compression, name: "layer 1")
    }

    @Test("decompresses to the original tar", arguments: kinds)
    func roundTrip(kind: LayerCompression) throws {
        try Fixtures.withDirectory { root in
            let stream = try CompressionTests.open(try Fixtures.compress(CompressionTests.tar, kind), kind, in: root)
            #expect(try stream.readAll() == CompressionTests.tar)
        }
    }

    @Test("several members or frames in a row are one stream", arguments: kinds)
    func multiMember(kind: LayerCompression) throws {
        let half = CompressionTests.tar.count / 2
        let joined =
            try Fixtures.compress(Array(CompressionTests.tar[..<half]), kind)
            + Fixtures.compress(Array(CompressionTests.tar[half...]), kind)
        try Fixtures.withDirectory { root in
            let stream = try CompressionTests.open(joined, kind, in: root)
            let entries = try Fixtures.entries(of: stream)
            #expect(entries.map(\.0.path) == ["app", "app/data", "app/tail"])
        }
    }

    @Test("a truncated stream is an error naming the layer", arguments: kinds)
    func truncated(kind: LayerCompression) throws {
        let compressed = try Fixtures.compress(CompressionTests.tar, kind)
        try Fixtures.withDirectory { root in
            let stream = try CompressionTests.open(Array(compressed.prefix(compressed.count - 20)), kind, in: root)
            let error = #expect(throws: ImageReadError.self) { try stream.readAll() }
            guard case .decompression(let layer, let reported, _) = error else {
                Issue.record("expected a decompression error, got \(String(describing: error))")
                return
            }
            #expect(layer == "layer 1")
            #expect(reported == kind)
        }
    }

    @Test("corrupt data is an error", arguments: kinds)
    func corrupt(kind: LayerCompression) throws {
        var compressed = try Fixtures.compress(CompressionTests.tar, kind)
        for index in stride(from: 40, to: min(compressed.count, 400), by: 3) { compressed[index] ^= 0x5a }
        try Fixtures.withDirectory { root in
            let stream = try CompressionTests.open(compressed, kind, in: root)
            #expect(throws: ImageReadError.self) { try stream.readAll() }
        }
    }

    @Test("gzip: garbage after the last member is an error")
    func trailingGarbage() throws {
        let compressed = try Fixtures.gzip(CompressionTests.tar) + [0, 0, 1, 2, 3]
        try Fixtures.withDirectory { root in
            let stream = try CompressionTests.open(compressed, .gzip, in: root)
            #expect(throws: ImageReadError.self) { try stream.readAll() }
        }
    }

    @Test(
        "the media type must agree with the magic bytes",
        arguments: [
            (LayerCompression.gzip, LayerCompression.none), (.none, .gzip), (.zstd, .gzip), (.gzip, .zstd),
        ])
    func mismatch(declared: LayerCompression, actual: LayerCompression) throws {
        guard actual != .zstd || Requirement.met(Fixtures.hasZstdTool) else { return }
        let bytes = try Fixtures.compress(CompressionTests.tar, actual)
        try Fixtures.withDirectory { root in
            #expect(throws: ImageReadError.compressionMismatch(layer: "layer 1", declared: declared, actual: actual)) {
                try CompressionTests.open(bytes, declared, in: root)
            }
        }
    }

    @Test("garbage declared gzip is reported as unrecognised")
    func unrecognised() throws {
        try Fixtures.withDirectory { root in
            #expect(throws: ImageReadError.compressionMismatch(layer: "layer 1", declared: .gzip, actual: nil)) {
                try CompressionTests.open(Array("hello world, not an archive".utf8), .gzip, in: root)
            }
        }
    }

    @Test("a missing libzstd is a clear error")
    func missingLibrary() throws {
        let error = #expect(throws: ImageReadError.self) {
            try ZstdStream(source: MemoryStream([]), name: "layer", library: "libzstd-not-here.so.9")
        }
        guard case .zstdUnavailable = error else {
            Issue.record("expected zstdUnavailable, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("libzstd1") == true)
    }

    @Test("an empty gzip input is truncated, not empty")
    func emptyGzip() throws {
        let stream = try GzipStream(source: MemoryStream([]), name: "layer")
        #expect(throws: ImageReadError.self) { try stream.readAll() }
    }
}
