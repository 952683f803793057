import CDeflate
import Dispatch

/// The blocks of one batch compressed with libdeflate, each into a complete gzip member, and one libdeflate
/// compressor per worker. A class so the worker threads share it; each worker touches only its own compressor and
/// the blocks assigned to it.
///
/// Why members, not one member as the zlib path writes: libdeflate compresses a whole buffer and always ends it
/// with a final (BFINAL) deflate block, which cannot be continued; it has no sync flush and no preset dictionary.
/// So each block becomes its own gzip member (header, raw deflate, CRC-32, ISIZE), and the members are written in
/// order. RFC 1952 section 2.2 defines a gzip file as a series of members, and gzip(1), zlib's gunzip, Go's
/// compress/gzip (multistream by default, which containerd, Docker, skopeo and buildah use), Python's gzip and
/// Shipshape's own GzipStream read all of them; BGZF (bgzip, samtools) has long shipped gzip written this way.
/// A reader that stops at the first member (for example Rust flate2's `GzDecoder` instead of its
/// `MultiGzDecoder`) would see only the first MiB, which is why the zlib path stays available
/// (`SHIPSHAPE_GZIP=zlib`). The cost is 18 bytes a member and no back-references across blocks: with 1 MiB blocks
/// that is under 0.2% on executables, and libdeflate's better parsing more than makes it up (see the tests).
final class MemberBatch: @unchecked Sendable {
    // @unchecked: during `compress` worker w uses compressors[w] and blocks w, w + width, …; nothing else is
    // shared, and the buffers are only read or written by the owning GzipSink outside `compress`.

    /// The input of each member. Fixed, so the output never depends on the machine or on how the input was split.
    static let blockSize = 1 << 20
    static let headerSize = 10
    static let trailerSize = 8

    let api: shipshape_deflate_api
    /// `blockCount` blocks of `blockSize`.
    let input: UnsafeMutableRawPointer
    let outputs: [UnsafeMutableRawBufferPointer]
    /// Each block's member size, written by its worker; a raw buffer, since workers must not share an Array.
    let produced: UnsafeMutableBufferPointer<Result<Int, CompressionError>>
    let compressors: [UnsafeMutableRawPointer]
    let blockCount: Int

    init(library: DeflateLibrary, level: Int32, width: Int, blockCount: Int) throws(CompressionError) {
        api = library.api
        var compressors: [UnsafeMutableRawPointer] = []
        for _ in 0..<width {
            guard let compressor = api.alloc_compressor?(level) else {
                for compressor in compressors { api.free_compressor?(compressor) }
                throw .libdeflate(operation: "libdeflate_alloc_compressor(\(level))")
            }
            compressors.append(compressor)
        }
        self.compressors = compressors
        self.blockCount = blockCount
        input = .allocate(byteCount: blockCount * MemberBatch.blockSize, alignment: 16)
        let bound = api.deflate_compress_bound?(compressors[0], MemberBatch.blockSize) ?? MemberBatch.blockSize * 2
        let memberBound = MemberBatch.headerSize + bound + MemberBatch.trailerSize
        outputs = (0..<blockCount).map { _ in .allocate(byteCount: memberBound, alignment: 16) }
        produced = .allocate(capacity: blockCount)
        produced.initialize(repeating: .success(0))
    }

    deinit {
        for compressor in compressors { api.free_compressor?(compressor) }
        input.deallocate()
        for output in outputs { output.deallocate() }
        produced.deinitialize()
        produced.deallocate()
    }

    /// Compresses the first `count` bytes of `input` into members, block by block, in parallel; returns how many
    /// members are in `outputs`. At least one, so empty input still gives a valid (empty) member.
    func compress(count: Int) -> Int {
        let blocks = max(1, (count + MemberBatch.blockSize - 1) / MemberBatch.blockSize)
        let width = min(compressors.count, blocks)
        let group = DispatchGroup()
        for worker in 1..<width {
            group.enter()
            DispatchQueue.global(qos: .userInitiated).async {
                self.compress(worker: worker, width: width, blocks: blocks, count: count)
                group.leave()
            }
        }
        compress(worker: 0, width: width, blocks: blocks, count: count)
        group.wait()
        return blocks
    }

    private func compress(worker: Int, width: Int, blocks: Int, count: Int) {
        var block = worker
        while block < blocks {
            let start = block * MemberBatch.blockSize
            let size = min(count, start + MemberBatch.blockSize) - start
            produced[block] = member(input + start, count: size, compressor: compressors[worker], into: outputs[block])
            block += width
        }
    }

    /// One gzip member: the fixed header (as GzipSink.header), raw deflate, CRC-32 and ISIZE, little-endian.
    private func member(
        _ bytes: UnsafeMutableRawPointer, count: Int, compressor: UnsafeMutableRawPointer,
        into output: UnsafeMutableRawBufferPointer
    ) -> Result<Int, CompressionError> {
        guard let out = output.baseAddress, let compress = api.deflate_compress, let crc32 = api.crc32 else {
            return .failure(.libdeflate(operation: "libdeflate_deflate_compress"))
        }
        for (index, byte) in gzipHeader.enumerated() { out.storeBytes(of: byte, toByteOffset: index, as: UInt8.self) }
        let available = output.count - MemberBatch.headerSize - MemberBatch.trailerSize
        let deflated = compress(compressor, bytes, count, out + MemberBatch.headerSize, available)
        // 0 means the output did not fit, which the bound rules out.
        guard deflated > 0 else { return .failure(.libdeflate(operation: "libdeflate_deflate_compress")) }
        let crc = crc32(0, bytes, count)
        let end = MemberBatch.headerSize + deflated
        (out + end).storeBytes(of: crc.littleEndian, as: UInt32.self)
        (out + end + 4).storeBytes(of: UInt32(truncatingIfNeeded: count).littleEndian, as: UInt32.self)
        return .success(end + MemberBatch.trailerSize)
    }
}

/// Every member's header: no name, no comment, mtime 0, XFL 0, OS 255 "unknown", as Go's compress/gzip writes it.
let gzipHeader: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]
