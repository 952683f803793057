import Foundation
import TestSupport
import Testing

@testable import ImageFormat

/// Test fixtures: tars built with TarWriter, compressed with the system's gzip/zstd, scratch directories.
enum Fixtures {
    /// A tar of `entries` (content given for regular files as text).
    static func tar(_ entries: [(TarEntry, [UInt8])]) throws -> [UInt8] {
        var writer = TarWriter(sink: MemorySink())
        for (entry, content) in entries { try writer.append(entry, content: content) }
        return try writer.finish().bytes
    }

    /// An entry of a type TarWriter does not write (`x`, `g`, `L`, …) with its payload, padded, no end marker.
    static func special(_ flag: Character, path: String, payload: [UInt8]) throws -> [UInt8] {
        var writer = TarWriter(sink: MemorySink())
        try writer.append(TarEntry(path: path, kind: .regular, size: Int64(payload.count)), content: payload)
        var bytes = writer.sink.bytes
        bytes[156] = UInt8(ascii: flag.unicodeScalars.first ?? "0")
        fixChecksum(&bytes, at: 0)
        return bytes
    }

    static func file(_ path: String, _ text: String, mode: UInt32 = 0o644) -> (TarEntry, [UInt8]) {
        let bytes = Array(text.utf8)
        return (TarEntry(path: path, kind: .regular, size: Int64(bytes.count), mode: mode), bytes)
    }

    static func directory(_ path: String) -> (TarEntry, [UInt8]) {
        (TarEntry(path: path, kind: .directory, mode: 0o755), [])
    }

    /// Runs a program and returns its stdout; throws when it fails.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], input: [UInt8]? = nil, directory: String? = nil)
        throws -> [UInt8]
    {
        let result = try TestProcess.run(program, arguments, directory: directory, input: input.map { Data($0) })
        guard result.succeeded else {
            throw FixtureError.failed("\(program) \(arguments.joined(separator: " ")) exited \(result.status)")
        }
        return Array(result.stdoutData)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] { try run("/usr/bin/gzip", ["-c", "-n"], input: bytes) }
    static func zstd(_ bytes: [UInt8]) throws -> [UInt8] { try run("/usr/bin/zstd", ["-c", "-q"], input: bytes) }

    static func compress(_ bytes: [UInt8], _ compression: LayerCompression) throws -> [UInt8] {
        switch compression {
        case .none: bytes
        case .gzip: try gzip(bytes)
        case .zstd: try zstd(bytes)
        }
    }

    static var hasZstdTool: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd") }

    /// A fresh scratch directory, removed after `body`.
    @discardableResult
    static func withDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "/shipshape-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @discardableResult
    static func withDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let path = NSTemporaryDirectory() + "/shipshape-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Every entry of a tar (in memory) with its full content.
    static func entries(of stream: any ByteStream, name: String = "test") throws -> [(TarEntry, [UInt8])] {
        let reader = TarReader(stream: stream, name: name)
        var out: [(TarEntry, [UInt8])] = []
        while let entry = try reader.next() {
            out.append((entry, try reader.readContent(upTo: Int.max)))
        }
        return out
    }

    /// Rewrites the header checksum of the 512-byte block at `offset` (after a test patched a field).
    static func fixChecksum(_ bytes: inout [UInt8], at offset: Int) {
        for index in 148..<156 { bytes[offset + index] = UInt8(ascii: " ") }
        let sum = bytes[offset..<(offset + 512)].reduce(0) { $0 + Int($1) }
        let text = Array(String(sum, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - text.count) + text
        for (index, byte) in padded.enumerated() { bytes[offset + 148 + index] = byte }
        bytes[offset + 154] = 0
    }
}

enum FixtureError: Error {
    case failed(String)
}

/// Counts what a stream below was asked for: bytes read and bytes skipped.
final class CountingStream: ByteStream {
    let inner: any ByteStream
    var bytesRead: Int64 = 0
    var bytesSkipped: Int64 = 0

    init(_ inner: any ByteStream) { self.inner = inner }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        let got = try inner.read(into: buffer)
        bytesRead += Int64(got)
        return got
    }

    func skip(_ count: Int64) throws(ImageReadError) -> Int64 {
        let skipped = try inner.skip(count)
        bytesSkipped += skipped
        return skipped
    }

    var seeks: Bool { inner.seeks }
}

extension ImageReadError {
    /// The tar problem, for `#expect(throws:)` predicates.
    var tarProblem: TarProblem? {
        if case .tar(_, _, _, let problem) = self { return problem }
        return nil
    }
}
