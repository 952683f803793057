import CZstd

/// One compression context and its output buffer; `deinit` frees them.
final class ZstdContext {
    let library: ZstdLibrary
    let context: UnsafeMutableRawPointer
    let output: UnsafeMutableRawBufferPointer
    let compress:
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafeMutablePointer<shipshape_zstd_out>?,
            UnsafeMutablePointer<shipshape_zstd_in>?, Int32
        ) -> Int
    let isError: @convention(c) (Int) -> UInt32

    init(level: Int32) throws(CompressionError) {
        switch ZstdLibrary.shared {
        case .success(let loaded): library = loaded
        case .failure(let failure): throw .zstdUnavailable(reason: failure.reason)
        }
        guard let create = library.api.create_compressor, let setParameter = library.api.set_parameter,
            let compress = library.api.compress_stream2, let isError = library.api.is_error,
            library.api.free_compressor != nil
        else { throw .zstdUnavailable(reason: "libzstd.so.1 lacks the streaming compression API") }
        guard let context = create() else { throw .zstd(operation: "ZSTD_createCCtx", message: "out of memory") }
        self.context = context
        self.compress = compress
        self.isError = isError
        output = .allocate(byteCount: 256 << 10, alignment: 16)
        let code = setParameter(context, Int32(SHIPSHAPE_ZSTD_COMPRESSION_LEVEL), level)
        if isError(code) != 0 {
            throw .zstd(operation: "ZSTD_CCtx_setParameter", message: library.message(code))
        }
    }

    deinit {
        _ = library.api.free_compressor?(context)
        output.deallocate()
    }
}

/// Compresses into one zstd frame (single-threaded, so the same bytes in give the same bytes out for one
/// libzstd version and level).
public struct ZstdSink<Inner: ByteSink>: ByteSink {
    public private(set) var inner: Inner
    private let zstd: ZstdContext

    /// `level`: zstd's 1 … 19; 3 is its default.
    public init(_ inner: Inner, level: Int32 = 3) throws {
        self.inner = inner
        self.zstd = try ZstdContext(level: level)
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        try pump(base, count: bytes.count, end: false)
    }

    private mutating func pump(_ base: UnsafeRawPointer?, count: Int, end: Bool) throws {
        var input = shipshape_zstd_in(src: base, size: count, pos: 0)
        let directive = Int32(end ? SHIPSHAPE_ZSTD_END : SHIPSHAPE_ZSTD_CONTINUE)
        while true {
            var output = shipshape_zstd_out(dst: zstd.output.baseAddress, size: zstd.output.count, pos: 0)
            let remaining = zstd.compress(zstd.context, &output, &input, directive)
            if zstd.isError(remaining) != 0 {
                throw CompressionError.zstd(operation: "ZSTD_compressStream2", message: zstd.library.message(remaining))
            }
            if output.pos > 0 { try inner.write(UnsafeRawBufferPointer(rebasing: zstd.output[..<output.pos])) }
            if end {
                if remaining == 0 { return }
            } else if input.pos == input.size {
                return
            }
        }
    }

    /// Ends the frame and returns the inner sink.
    public mutating func finish() throws -> Inner {
        try pump(nil, count: 0, end: true)
        return inner
    }
}
