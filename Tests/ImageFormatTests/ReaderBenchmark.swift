import Foundation
import Testing

@testable import ImageFormat

/// Reader throughput on a big generated layer. Not part of the normal run (it writes ~400 MB and takes a while):
///   SHIPSHAPE_BENCH=1 swift test -c release --filter ReaderBenchmark
@Suite("Reader benchmark", .enabled(if: ProcessInfo.processInfo.environment["SHIPSHAPE_BENCH"] != nil))
struct ReaderBenchmark {
    /// Writes to a file through a 1 MiB buffer.
    struct FileSink: ByteSink {
        let handle: FileHandle
        var pending: [UInt8] = []

        mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
            pending.append(contentsOf: bytes)
            if pending.count >= 1 << 20 { try flush() }
        }

        mutating func flush() throws {
            try handle.write(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// 100,000 files of 1 KiB in 1,000 directories, then 20 files of 10 MiB: about 330 MB of tar.
    static func generate(_ path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        var writer = TarWriter(sink: FileSink(handle: handle))
        let small = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        for directory in 0..<1000 {
            try writer.append(TarEntry(path: "usr/share/d\(directory)", kind: .directory, mode: 0o755))
            for file in 0..<100 {
                try writer.append(
                    TarEntry(path: "usr/share/d\(directory)/file\(file).txt", kind: .regular, size: 1024),
                    content: small)
            }
        }
        var big = [UInt8](repeating: 0, count: 10 << 20)
        for index in big.indices { big[index] = UInt8(truncatingIfNeeded: (index >> 3) &* 2_654_435_761 >> 7) }
        for file in 0..<20 {
            try writer.append(
                TarEntry(path: "opt/big\(file).bin", kind: .regular, size: Int64(big.count)), content: big)
        }
        var sink = try writer.finish()
        try sink.flush()
        try handle.close()
    }

    static func time(_ label: String, bytes: Int64, _ body: () throws -> Int) rethrows {
        let start = ContinuousClock.now
        let entries = try body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(bytes) / seconds / 1e6
        print(
            "BENCH \(label): \(entries) entries, \(bytes / 1_000_000) MB of tar in \(String(format: "%.3f", seconds)) s = \(String(format: "%.0f", rate)) MB/s"
        )
    }

    @Test("throughput: entries only, all content, gzip, zstd")
    func throughput() throws {
        try Fixtures.withDirectory { root in
            let tar = root + "/layer.tar"
            try ReaderBenchmark.generate(tar)
            let size = try SystemFile(reading: tar).size()
            try Fixtures.run(
                "/bin/sh", ["-c", "gzip -1 -c layer.tar > layer.tar.gz && zstd -q -3 layer.tar -o layer.tar.zst"],
                directory: root)
            func list(_ stream: any ByteStream) throws -> Int {
                let reader = TarReader(stream: stream, name: "bench")
                var count = 0
                while try reader.next() != nil { count += 1 }
                return count
            }
            func readAll(_ stream: any ByteStream) throws -> Int {
                let reader = TarReader(stream: stream, name: "bench")
                var count = 0
                var sum: UInt64 = 0
                while try reader.next() != nil {
                    count += 1
                    try reader.forEachContentChunk { sum &+= UInt64($0.count) }
                }
                return count
            }
            let location = BlobLocation(path: tar, length: size)
            try ReaderBenchmark.time("uncompressed, entries only (content seeked past)", bytes: size) {
                try list(try FileRegionStream(location))
            }
            try ReaderBenchmark.time("uncompressed, every content byte read", bytes: size) {
                try readAll(try FileRegionStream(location))
            }
            for (file, compression) in [("layer.tar.gz", LayerCompression.gzip), ("layer.tar.zst", .zstd)] {
                let path = root + "/" + file
                let blob = BlobLocation(path: path, length: try SystemFile(reading: path).size())
                try ReaderBenchmark.time("\(compression.rawValue), entries only (all decompressed)", bytes: size) {
                    try list(try LayerStreams.open(blob, compression: compression, name: "bench"))
                }
            }
            try ReaderBenchmark.time("uncompressed, --verify (sha256 of every byte)", bytes: size) {
                let hashing = HashingStream(try FileRegionStream(location))
                let count = try list(hashing)
                _ = hashing.digest
                return count
            }
        }
    }
}
