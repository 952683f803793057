import Foundation
import ImageFormat
import Testing

@Suite("Deterministic gzip")
struct GzipSinkTests {
    func compress(_ bytes: [UInt8], chunk: Int = 4096, width: Int = 2) throws -> [UInt8] {
        var gzip = try GzipSink(MemorySink(), width: width)
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

    // Around the 256 KiB block and the batch (width × 4 blocks) boundaries, and several batches.
    @Test(
        "the system gzip decompresses it to the same bytes",
        arguments: [0, 1, 100_000, 262_143, 262_144, 262_145, 2_097_152, 2_097_153, 3_000_000, 5_000_000])
    func systemGzipReads(size: Int) throws {
        let input = sample(size)
        let compressed = try compress(input)
        let directory = try WriterTestTools.directory("gzip")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(compressed).write(to: URL(fileURLWithPath: directory + "/x.gz"))
        let test = try WriterTestTools.run(["gzip", "-t", directory + "/x.gz"])
        #expect(test.status == 0, "gzip -t: \(test.output)")
        let result = try WriterTestTools.run(["gzip", "-d", directory + "/x.gz"])
        #expect(result.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/x")) == Data(input))
    }

    @Test("the header is fixed and the output does not depend on how the input is split")
    func stable() throws {
        let input = sample(500_000)
        let one = try compress(input, chunk: 1 << 20)
        let other = try compress(input, chunk: 777)
        #expect(one == other)
        #expect(Array(one.prefix(10)) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
    }

    @Test("the output does not depend on how many cores compress it", arguments: [1, 3, 8])
    func machineIndependent(width: Int) throws {
        let input = sample(3_500_000)
        #expect(try compress(input, chunk: 1 << 20, width: width) == compress(input, chunk: 1 << 20, width: 2))
    }

    @Test("blocks primed with the previous 32 KiB compress repetitive input as well as one stream does")
    func primedBlocks() throws {
        // 4 MiB of a 10 KiB pattern: every block after the first can refer back into the previous one.
        let pattern = sample(10_000)
        let input = (0..<420).flatMap { _ in pattern }
        let compressed = try compress(input, chunk: 1 << 20)
        #expect(compressed.count < 60_000, "\(compressed.count) bytes")
    }
}

@Suite("zstd through libzstd.so.1")
struct ZstdSinkTests {
    @Test(
        "the zstd tool decompresses it to the same bytes, and the output is stable",
        .enabled(if: WriterTestTools.exists("zstd"), "needs the zstd tool"))
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
