import Foundation
import TestSupport
import Testing

@testable import ImageFormat

/// The engines these tests can run: zlib always, libdeflate when libdeflate0 is installed (CI installs it).
let gzipEngines: [GzipEngine] = GzipEngine.libdeflateUnavailable == nil ? [.libdeflate, .zlib] : [.zlib]

@Suite("Deterministic gzip")
struct GzipSinkTests {
    func compress(_ bytes: [UInt8], engine: GzipEngine, chunk: Int = 4096, width: Int = 2, level: Int32 = 6)
        throws -> [UInt8]
    {
        var gzip = try GzipSink(MemorySink(), level: level, engine: engine, width: width)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try bytes[offset..<end].withUnsafeBytes { try gzip.write($0) }
            offset = end
        }
        return try gzip.finish().bytes
    }

    func sample(_ count: Int) -> [UInt8] {
        var state: UInt32 = 12345
        return (0..<count).map { index in
            state = state &* 1_103_515_245 &+ 12345
            return index % 3 == 0 ? UInt8(truncatingIfNeeded: state >> 16) : UInt8(index % 7)
        }
    }

    // Around zlib's 256 KiB blocks and batches (width × 4 blocks), libdeflate's 1 MiB members and batches
    // (width × 2 members), and several batches.
    @Test(
        "the system gzip and Shipshape's reader decompress it to the same bytes",
        arguments: gzipEngines,
        [0, 1, 100_000, 262_144, 262_145, 1_048_575, 1_048_576, 1_048_577, 2_097_152, 2_097_153, 5_000_000])
    func systemGzipReads(engine: GzipEngine, size: Int) throws {
        let input = sample(size)
        let compressed = try compress(input, engine: engine)
        #expect(try GzipStream(source: MemoryStream(compressed, chunk: 70_000), name: "x").readAll() == input)
        let directory = try WriterTestTools.directory("gzip")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(compressed).write(to: URL(fileURLWithPath: directory + "/x.gz"))
        let test = try WriterTestTools.run(["gzip", "-t", directory + "/x.gz"])
        #expect(test.status == 0, "gzip -t: \(test.output)")
        let result = try WriterTestTools.run(["gzip", "-d", directory + "/x.gz"])
        #expect(result.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/x")) == Data(input))
    }

    @Test(
        "Python's gzip module reads every member to the same bytes",
        .enabled(if: Requirement.met(WriterTestTools.exists("python3")), "needs python3"), arguments: gzipEngines)
    func pythonReads(engine: GzipEngine) throws {
        let input = sample(3_000_000)
        let directory = try WriterTestTools.directory("gzip-python")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(try compress(input, engine: engine)).write(to: URL(fileURLWithPath: directory + "/x.gz"))
        try Data(input).write(to: URL(fileURLWithPath: directory + "/x"))
        let script = "import gzip, sys; print(gzip.open(sys.argv[1]).read() == open(sys.argv[2], 'rb').read())"
        let result = try WriterTestTools.run(["python3", "-c", script, directory + "/x.gz", directory + "/x"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "True\n")
    }

    @Test("the header is fixed and the output does not depend on how the input is split", arguments: gzipEngines)
    func stable(engine: GzipEngine) throws {
        let input = sample(2_500_000)
        let one = try compress(input, engine: engine, chunk: 1 << 20)
        let other = try compress(input, engine: engine, chunk: 777)
        #expect(one == other)
        #expect(Array(one.prefix(10)) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
    }

    @Test(
        "the output does not depend on how many cores compress it", arguments: gzipEngines, [1, 3, 8])
    func machineIndependent(engine: GzipEngine, width: Int) throws {
        let input = sample(5_500_000)
        #expect(
            try compress(input, engine: engine, chunk: 1 << 20, width: width)
                == compress(input, engine: engine, chunk: 1 << 20, width: 2))
    }

    @Test("zlib: blocks primed with the previous 32 KiB compress repetitive input as well as one stream does")
    func primedBlocks() throws {
        // 4 MiB of a 10 KiB pattern: every block after the first can refer back into the previous one.
        let pattern = sample(10_000)
        let input = (0..<420).flatMap { _ in pattern }
        let compressed = try compress(input, engine: .zlib, chunk: 1 << 20)
        #expect(compressed.count < 60_000, "\(compressed.count) bytes")
    }

    @Test(
        "libdeflate: one gzip member per MiB, each with the fixed header and its own CRC and size",
        .enabled(if: Requirement.met(GzipEngine.libdeflateUnavailable == nil), "needs libdeflate0"))
    func members() throws {
        let input = sample(3 * 1_048_576 + 5)
        let compressed = try compress(input, engine: .libdeflate)
        // Walk the members with the reader's own rules: each decompresses alone, and the last trailer ends the data.
        let header: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]
        var starts: [Int] = []
        var offset = 0
        while offset + 10 <= compressed.count {
            if Array(compressed[offset..<offset + 10]) == header { starts.append(offset) }
            offset += 1
        }
        // The header bytes could also occur inside deflate data by chance; the sizes in the trailers must agree.
        let trailerSizes = starts.dropFirst().map { start in
            compressed[start - 4..<start].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        #expect(starts.first == 0)
        #expect(trailerSizes.prefix(3) == [1_048_576, 1_048_576, 1_048_576])
        let last = compressed.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(last == 5)
    }

    @Test(
        "libdeflate's members are no larger than gzip's single stream at the same level, on machine code",
        .enabled(if: Requirement.met(GzipEngine.libdeflateUnavailable == nil), "needs libdeflate0"),
        arguments: [Int32(1), 6, 9])
    func ratio(level: Int32) throws {
        // Real machine code: the first 6 MiB of this test executable.
        let executable = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/exe"))
        defer { try? executable.close() }
        let input = [UInt8](try executable.read(upToCount: 6 << 20) ?? Data())
        #expect(input.count == 6 << 20)
        let libdeflate = try compress(input, engine: .libdeflate, chunk: 1 << 20, level: level)
        let directory = try WriterTestTools.directory("gzip-ratio")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(input).write(to: URL(fileURLWithPath: directory + "/code"))
        let gzip = try WriterTestTools.run(["sh", "-c", "gzip -\(level) -n -c '\(directory)/code' | wc -c"])
        let reference = try #require(Int(gzip.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(libdeflate.count <= reference, "libdeflate \(libdeflate.count) bytes, gzip -\(level) \(reference)")
        #expect(libdeflate != (try compress(input, engine: .zlib, chunk: 1 << 20, level: level)))
    }

    @Test("a missing libdeflate is reported with dlopen's reason, so the build can fall back to zlib")
    func missingLibrary() throws {
        guard case .failure(let failure) = DeflateLibrary.load("libdeflate.so.0-missing") else {
            Issue.record("a library that does not exist loaded")
            return
        }
        #expect(failure.reason.contains("libdeflate.so.0-missing"), "\(failure.reason)")
    }

    @Test("the engine comes from SHIPSHAPE_GZIP: unset picks libdeflate when it loads, else zlib")
    func engineChoice() throws {
        #expect(try GzipEngine.named("zlib") == .zlib)
        #expect(try GzipEngine.named(nil) == GzipEngine.automatic)
        #expect(try GzipEngine.named("") == GzipEngine.automatic)
        #expect(GzipEngine.automatic == (GzipEngine.libdeflateUnavailable == nil ? .libdeflate : .zlib))
        #expect(throws: CompressionError.unknownGzipEngine("pigz")) { try GzipEngine.named("pigz") }
        if let reason = GzipEngine.libdeflateUnavailable {
            #expect(throws: CompressionError.libdeflateUnavailable(reason: reason)) {
                try GzipEngine.named("libdeflate")
            }
        } else {
            #expect(try GzipEngine.named("libdeflate") == .libdeflate)
        }
    }
}

@Suite("zstd through libzstd.so.1")
struct ZstdSinkTests {
    @Test(
        "the zstd tool decompresses it to the same bytes, and the output is stable",
        .enabled(if: Requirement.met(WriterTestTools.exists("zstd")), "needs the zstd tool"))
    func zstdRoundTrip() throws {
        var input: [UInt8] = []
        for index in 0..<2_000_000 { input.append(UInt8(truncatingIfNeeded: index * 7 / 13)) }
        func compress() throws -> [UInt8] {
            var sink = try ZstdSink(MemorySink())
            var offset = 0
            while offset < input.count {
                let end = min(input.count, offset + 65_537)
                try input[offset..<end].withUnsafeBytes { try sink.write($0) }
                offset = end
            }
            return try sink.finish().bytes
        }
        let compressed = try compress()
        #expect(try compress() == compressed)
        #expect(Array(compressed.prefix(4)) == [0x28, 0xb5, 0x2f, 0xfd])
        let directory = try WriterTestTools.directory("zstd")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(compressed).write(to: URL(fileURLWithPath: directory + "/x.zst"))
        let result = try WriterTestTools.run(["zstd", "-q", "-d", directory + "/x.zst", "-o", directory + "/x"])
        #expect(result.status == 0, "\(result.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/x")) == Data(input))
    }
}
