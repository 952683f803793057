import CZlib

/// What can go wrong compressing.
public enum CompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    case zlib(operation: String, code: Int32)
    case zstdUnavailable(reason: String)
    case zstd(operation: String, message: String)

    public var description: String {
        switch self {
        case .zlib(let operation, let code):
            "gzip compression failed in \(operation) (zlib code \(code))"
        case .zstdUnavailable(let reason):
            "zstd compression is not available: \(reason); install libzstd1 or use --compression gzip"
        case .zstd(let operation, let message):
            "zstd compression failed in \(operation): \(message)"
        }
    }
}

/// A deflate stream owned by one `GzipSink`. A class because zlib keeps a pointer to the `z_stream` it was
/// initialised with, so the stream must not move; `deinit` releases zlib's state.
final class DeflateStream {
    let stream: UnsafeMutablePointer<z_stream>
    let output: UnsafeMutableRawBufferPointer
    private var live = false

    init(level: Int32) throws(CompressionError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: 256 << 10, alignment: 16)
        // windowBits -15: a raw deflate stream; GzipSink writes the gzip header and trailer itself. memLevel 8
        // and the default strategy are zlib's and gzip(1)'s defaults.
        let code = deflateInit2_(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw .zlib(operation: "deflateInit2", code: code)
        }
        live = true
    }

    deinit {
        if live { deflateEnd(stream) }
        stream.deallocate()
        output.deallocate()
    }
}

/// Compresses into a gzip member, deterministically: the header is fixed (no name, no comment, mtime 0, XFL 0,
/// OS 255 "unknown", as Go's compress/gzip writes it), so the same bytes in give the same bytes out.
///
/// RFC 1952: `ID1 ID2 CM FLG MTIME(4) XFL OS`, then the deflate data, then `CRC32 ISIZE`, both little-endian,
/// ISIZE being the input size modulo 2^32.
public struct GzipSink<Inner: ByteSink>: ByteSink {
    public private(set) var inner: Inner
    private let deflater: DeflateStream
    private var crc: UInt = 0
    private var inputSize: UInt64 = 0

    public static var header: [UInt8] { [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff] }

    /// `level`: zlib's 1 (fastest) … 9 (smallest); 6 is gzip's default.
    public init(_ inner: Inner, level: Int32 = 6) throws {
        self.inner = inner
        self.deflater = try DeflateStream(level: level)
        crc = crc32_z(0, nil, 0)
        try self.inner.write(GzipSink.header)
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        crc = crc32_z(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count)
        inputSize &+= UInt64(bytes.count)
        // zlib's avail_in is 32 bits: feed large buffers in slices.
        var offset = 0
        while offset < bytes.count {
            let slice = min(bytes.count - offset, 1 << 30)
            deflater.stream.pointee.next_in = UnsafeMutablePointer(
                mutating: (base + offset).assumingMemoryBound(to: UInt8.self))
            deflater.stream.pointee.avail_in = uInt(slice)
            try pump(flush: Z_NO_FLUSH)
            offset += slice
        }
    }

    private mutating func pump(flush: Int32) throws {
        let stream = deflater.stream
        let output = deflater.output
        while true {
            stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = uInt(output.count)
            let code = deflate(stream, flush)
            guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                throw CompressionError.zlib(operation: "deflate", code: code)
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try inner.write(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            if flush == Z_FINISH {
                if code == Z_STREAM_END { return }
            } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                return
            }
        }
    }

    /// Ends the deflate stream, writes the trailer and returns the inner sink.
    public mutating func finish() throws -> Inner {
        deflater.stream.pointee.next_in = nil
        deflater.stream.pointee.avail_in = 0
        try pump(flush: Z_FINISH)
        var trailer: [UInt8] = []
        let crc32 = UInt32(truncatingIfNeeded: crc)
        let size = UInt32(truncatingIfNeeded: inputSize)
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: crc32 >> shift)) }
        for shift in stride(from: 0, to: 32, by: 8) { trailer.append(UInt8(truncatingIfNeeded: size >> shift)) }
        try inner.write(trailer)
        return inner
    }
}
