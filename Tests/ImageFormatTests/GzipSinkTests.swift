import Foundation
import ImageFormat
import Testing

@Suite("Deterministic gzip")
struct GzipSinkTests {
    func compress(_ bytes: [UInt8], chunk: Int = 4096) throws -> [UInt8] {
        var gzip = try GzipSink(MemorySink())
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

    @Test("the system gzip decompresses it to the same bytes", arguments: [0, 1, 100_000, 3_000_000])
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
}
