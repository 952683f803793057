import CZstd

/// Decompresses a zstd stream (RFC 8878; several frames in a row are one stream) with libzstd's streaming API.
public final class ZstdStream: ByteStream {
    private let source: any ByteStream
    private let name: String
    private let api: shipshape_zstd_api
    private let context: UnsafeMutableRawPointer
    private let input: UnsafeMutableRawBufferPointer
    private var inBuffer = shipshape_zstd_in()
    private var inputEnded = false
    /// The last ZSTD_decompressStream result: 0 when a frame is complete and flushed.
    private var lastHint = 1

    /// Decompresses `source`; `name` (the layer) is used in errors. `library` is for tests of a missing libzstd.
    public init(
        source: any ByteStream, name: String, inputBufferSize: Int = 256 << 10, library: String? = nil
    ) throws(ImageReadError) {
        let loaded = library.map(ZstdLibrary.load) ?? ZstdLibrary.shared
        let library: ZstdLibrary
        switch loaded {
        case .success(let loaded): library = loaded
        case .failure(let failure): throw .zstdUnavailable(reason: failure.reason)
        }
        guard let create = library.api.create_stream, let initialise = library.api.init_stream,
            library.api.decompress_stream != nil, library.api.is_error != nil,
            let context = create()
        else { throw .decompression(layer: name, compression: .zstd, reason: "libzstd could not create a stream") }
        _ = initialise(context)
        self.source = source
        self.name = name
        self.api = library.api
        self.context = context
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(512, inputBufferSize), alignment: 16)
    }

    deinit {
        _ = api.free_stream?(context)
        input.deallocate()
    }

    public func read(into out: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        guard let outBase = out.baseAddress, out.count > 0,
            let decompress = api.decompress_stream, let isError = api.is_error
        else { return 0 }
        var outBuffer = shipshape_zstd_out(dst: outBase, size: out.count, pos: 0)
        while outBuffer.pos == 0 {
            if inBuffer.pos == inBuffer.size, !inputEnded {
                let got = try source.read(into: input)
                if got == 0 {
                    inputEnded = true
                } else {
                    inBuffer = shipshape_zstd_in(src: input.baseAddress, size: got, pos: 0)
                }
            }
            if inBuffer.pos == inBuffer.size, inputEnded {
                guard lastHint == 0 else { throw corrupt("the stream is truncated") }
                return 0
            }
            let result = decompress(context, &outBuffer, &inBuffer)
            if isError(result) != 0 {
                throw corrupt(ZstdLibrary(api: api).message(result))
            }
            lastHint = result
        }
        return outBuffer.pos
    }

    public func skip(_ count: Int64) throws(ImageReadError) -> Int64 {
        try skipByReading(count)
    }

    private func corrupt(_ reason: String) -> ImageReadError {
        .decompression(layer: name, compression: .zstd, reason: reason)
    }
}
