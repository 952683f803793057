import CZlib
import Dispatch
import FoundationEssentials

/// What can go wrong compressing.
public enum CompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    case zlib(operation: String, code: Int32)
    case libdeflate(operation: String)
    case libdeflateUnavailable(reason: String)
    case unknownGzipEngine(String)
    case zstdUnavailable(reason: String)
    case zstd(operation: String, message: String)

    public var description: String {
        switch self {
        case .zlib(let operation, let code):
            "gzip compression failed in \(operation) (zlib code \(code))"
        case .libdeflate(let operation):
            "gzip compression failed in \(operation) (libdeflate)"
        case .libdeflateUnavailable(let reason):
            "libdeflate is not available: \(reason); install libdeflate0 or set \(GzipEngine.environmentVariable)=zlib"
        case .unknownGzipEngine(let value):
            "\(GzipEngine.environmentVariable)=\"\(value)\" is not a gzip engine; expected libdeflate or zlib"
        case .zstdUnavailable(let reason):
            "zstd compression is not available: \(reason); install libzstd1 or use --compression gzip"
        case .zstd(let operation, let message):
            "zstd compression failed in \(operation): \(message)"
        }
    }
}

/// One zlib deflate state, reused block after block with `deflateReset`. A class because zlib keeps a pointer to
/// the `z_stream` it was initialised with, so the stream must not move; `deinit` releases zlib's state.
final class DeflateStream {
    let stream: UnsafeMutablePointer<z_stream>
    private var live = false

    init(level: Int32) throws(CompressionError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits -15: raw deflate; GzipSink writes the gzip header and trailer itself. memLevel 8 and the
        // default strategy are zlib's and gzip(1)'s defaults.
        let code = deflateInit2_(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            stream.deallocate()
            throw .zlib(operation: "deflateInit2", code: code)
        }
        live = true
    }

    deinit {
        if live { deflateEnd(stream) }
        stream.deallocate()
    }

    /// Compresses `block` as a self-contained piece of one raw deflate stream: primed with `dictionary` (the
    /// bytes before the block, so matches may reach back into them), ended with a sync flush (byte-aligned, not
    /// final) or, for the last block, with the final block. Returns the number of bytes written to `output`,
    /// which must hold `deflateBound` of the block plus the flush marker.
    func compress(
        _ block: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer, last: Bool,
        into output: UnsafeMutableRawBufferPointer
    ) -> Result<Int, CompressionError> {
        var code = deflateReset(stream)
        guard code == Z_OK else { return .failure(.zlib(operation: "deflateReset", code: code)) }
        if let base = dictionary.baseAddress, dictionary.count > 0 {
            code = deflateSetDictionary(stream, base.assumingMemoryBound(to: UInt8.self), uInt(dictionary.count))
            guard code == Z_OK else { return .failure(.zlib(operation: "deflateSetDictionary", code: code)) }
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: block.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(block.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = uInt(output.count)
        code = deflate(stream, last ? Z_FINISH : Z_SYNC_FLUSH)
        let complete = last ? code == Z_STREAM_END : code == Z_OK && stream.pointee.avail_out > 0
        guard complete, stream.pointee.avail_in == 0 else {
            return .failure(.zlib(operation: "deflate", code: code))
        }
        return .success(output.count - Int(stream.pointee.avail_out))
    }
}

/// The blocks of one batch and the deflate states that compress them, one per worker. A class so the worker
/// threads share it; each worker touches only its own stream and the blocks assigned to it.
final class DeflateBatch: @unchecked Sendable {
    // @unchecked: during `compress` worker w uses streams[w] and blocks w, w + width, …; nothing else is shared,
    // and the buffers are only read or written by the owning GzipSink outside `compress`.

    /// Input: `dictionarySize` bytes of history, then `blockCount` blocks of `blockSize`.
    let input: UnsafeMutableRawPointer
    let outputs: [UnsafeMutableRawBufferPointer]
    /// Each block's result, written by its worker; a raw buffer, since workers must not share an Array.
    let produced: UnsafeMutableBufferPointer<Result<Int, CompressionError>>
    let streams: [DeflateStream]

    init(level: Int32, width: Int, blockCount: Int) throws(CompressionError) {
        var streams: [DeflateStream] = []
        for _ in 0..<width { streams.append(try DeflateStream(level: level)) }
        self.streams = streams
        input = .allocate(byteCount: GzipBlocks.dictionarySize + blockCount * GzipBlocks.blockSize, alignment: 16)
        let bound = Int(deflateBound(streams[0].stream, uLong(GzipBlocks.blockSize))) + 64
        outputs = (0..<blockCount).map { _ in .allocate(byteCount: bound, alignment: 16) }
        produced = .allocate(capacity: blockCount)
        produced.initialize(repeating: .success(0))
    }

    deinit {
        input.deallocate()
        for output in outputs { output.deallocate() }
        produced.deinitialize()
        produced.deallocate()
    }

    /// Compresses the first `count` bytes after the history, block by block, in parallel; `history` bytes right
    /// before them are the first block's dictionary. Returns how many blocks hold results in `outputs`.
    func compress(count: Int, history: Int, last: Bool) -> Int {
        let blocks = max(1, (count + GzipBlocks.blockSize - 1) / GzipBlocks.blockSize)
        let width = min(streams.count, blocks)
        // Workers 1… run on the global queue while the calling thread is worker 0.
        let group = DispatchGroup()
        for worker in 1..<width {
            group.enter()
            DispatchQueue.global(qos: .userInitiated).async {
                self.compress(worker: worker, width: width, blocks: blocks, count: count, history: history, last: last)
                group.leave()
            }
        }
        compress(worker: 0, width: width, blocks: blocks, count: count, history: history, last: last)
        group.wait()
        return blocks
    }

    private func compress(worker: Int, width: Int, blocks: Int, count: Int, history: Int, last: Bool) {
        let base = GzipBlocks.dictionarySize
        var block = worker
        while block < blocks {
            let start = base + block * GzipBlocks.blockSize
            let end = min(base + count, start + GzipBlocks.blockSize)
            let dictionaryStart = block == 0 ? base - history : start - GzipBlocks.dictionarySize
            produced[block] = streams[worker].compress(
                UnsafeRawBufferPointer(start: input + start, count: end - start),
                dictionary: UnsafeRawBufferPointer(start: input + dictionaryStart, count: start - dictionaryStart),
                last: last && block == blocks - 1, into: outputs[block])
            block += width
        }
    }
}

/// The fixed geometry of GzipSink's blocks. It never depends on the machine, so the output never does either.
enum GzipBlocks {
    /// The input of each independently compressed block.
    static let blockSize = 256 << 10
    /// Deflate's window: how much history primes each block.
    static let dictionarySize = 32 << 10
}

/// Compresses into gzip, deterministically and on every core, with one of two engines (`GzipEngine`):
///
/// - zlib: one gzip member. The input is cut into fixed 256 KiB blocks, each deflated on its own (primed with the
///   32 KiB before it, as pigz does) and ended byte-aligned, and the pieces are written in order as one deflate
///   stream.
/// - libdeflate: one gzip member per fixed 1 MiB block (see MemberBatch for why members), compressed in parallel
///   and written in order.
///
/// Every header is fixed (no name, no comment, mtime 0, XFL 0, OS 255 "unknown", as Go's compress/gzip writes it).
/// With one engine, the same bytes in give the same bytes out, however the input is split into writes and however
/// many cores the machine has; the two engines give different bytes.
///
/// RFC 1952: `ID1 ID2 CM FLG MTIME(4) XFL OS`, then the deflate data, then `CRC32 ISIZE`, both little-endian,
/// ISIZE being the input size modulo 2^32.
public struct GzipSink<Inner: ByteSink>: ByteSink {
    /// The engine's batch: where the waiting input goes and what compresses it.
    private enum Batch {
        case zlib(DeflateBatch)
        case libdeflate(MemberBatch)
    }

    public private(set) var inner: Inner
    private let batch: Batch
    /// Where waiting input is copied to: after the history for zlib, at the start for libdeflate.
    private let waiting: UnsafeMutableRawPointer
    private let capacity: Int
    /// Bytes waiting in `waiting`.
    private var filled = 0
    /// zlib: valid history bytes right before the waiting ones (0 at the start of the stream).
    private var history = 0
    /// zlib: the CRC-32 of the whole input (libdeflate members each carry their own).
    private var crc: UInt = 0
    private var inputSize: UInt64 = 0
    /// libdeflate: how many members were written.
    private var members = 0

    public static var header: [UInt8] { gzipHeader }

    /// `level`: 1 (fastest) … 9 (smallest); 6 is gzip's default. `engine`: libdeflate (which must then be
    /// loadable) or zlib. `width`: how many blocks are compressed at once (the active cores by default); it changes
    /// the speed, never the output.
    public init(
        _ inner: Inner, level: Int32 = 6, engine: GzipEngine = .automatic,
        width: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        self.inner = inner
        let width = max(1, min(width, 16))
        switch engine {
        case .zlib:
            let zlib = try DeflateBatch(level: level, width: width, blockCount: width * 4)
            batch = .zlib(zlib)
            waiting = zlib.input + GzipBlocks.dictionarySize
            capacity = width * 4 * GzipBlocks.blockSize
            crc = crc32_z(0, nil, 0)
            try self.inner.write(GzipSink.header)
        case .libdeflate:
            let library: DeflateLibrary
            switch DeflateLibrary.shared {
            case .success(let loaded): library = loaded
            case .failure(let failure): throw CompressionError.libdeflateUnavailable(reason: failure.reason)
            }
            let members = try MemberBatch(library: library, level: level, width: width, blockCount: width * 2)
            batch = .libdeflate(members)
            waiting = members.input
            capacity = width * 2 * MemberBatch.blockSize
        }
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if case .zlib = batch { crc = crc32_z(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count) }
        inputSize &+= UInt64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            if filled == capacity { try flush(last: false) }
            let count = min(bytes.count - offset, capacity - filled)
            (waiting + filled).copyMemory(from: base + offset, byteCount: count)
            filled += count
            offset += count
        }
    }

    /// Compresses the waiting bytes and writes the pieces in order; zlib keeps the last 32 KiB as the next history.
    private mutating func flush(last: Bool) throws {
        switch batch {
        case .zlib(let zlib):
            let blocks = zlib.compress(count: filled, history: history, last: last)
            for block in 0..<blocks {
                let count = try zlib.produced[block].get()
                try inner.write(UnsafeRawBufferPointer(rebasing: zlib.outputs[block][..<count]))
            }
            let kept = min(GzipBlocks.dictionarySize, history + filled)
            // The kept bytes may start inside the old history, so the regions can overlap (copyMemory is memmove).
            (waiting - kept).copyMemory(from: waiting + filled - kept, byteCount: kept)
            history = kept
        case .libdeflate(let members):
            let blocks = members.compress(count: filled)
            for block in 0..<blocks {
                let count = try members.produced[block].get()
                try inner.write(UnsafeRawBufferPointer(rebasing: members.outputs[block][..<count]))
            }
            self.members += blocks
        }
        filled = 0
    }

    /// Ends the gzip stream (zlib: the final block and the trailer; libdeflate: the last member, or one empty
    /// member for empty input) and returns the inner sink.
    public mutating func finish() throws -> Inner {
        guard case .zlib = batch else {
            if filled > 0 || members == 0 { try flush(last: true) }
            return inner
        }
        try flush(last: true)
        var trailer: [UInt8] = []
        let crc32 = UInt32(truncatingIfNeeded: crc)
        let size = UInt32(truncatingIfNeeded: inputSize)
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: crc32 >> shift)) }
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: size >> shift)) }
        try inner.write(trailer)
        return inner
    }
}
