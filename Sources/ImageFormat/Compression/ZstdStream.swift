import CZstd

/// libzstd, loaded at run time (see CZstd for why): the API resolved once per process.
struct ZstdDecoderLibrary: @unchecked Sendable {
    // @unchecked: the struct holds C function pointers into a library that is never unloaded; they are
    // immutable and callable from any thread.
    let api: shipshape_zstd_api

    /// The Debian runtime library's soname.
    static let soname = "libzstd.so.1"

    static let shared: Result<ZstdDecoderLibrary, ImageReadError> = load(soname)

    static func load(_ library: String) -> Result<ZstdDecoderLibrary, ImageReadError> {
        var api = shipshape_zstd_api()
        var error = [CChar](repeating: 0, count: 512)
        let status = shipshape_zstd_open(library, &api, &error, error.count)
        guard status == 0 else {
            let reason = String(decoding: error.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(.zstdUnavailable(reason: reason))
        }
        return .success(ZstdDecoderLibrary(api: api))
    }
}

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
        let loaded = library.map(ZstdDecoderLibrary.load) ?? ZstdDecoderLibrary.shared
        let library = try loaded.get()
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
                let reason = api.error_name?(result).map { String(cString: $0) } ?? "error \(result)"
                throw corrupt(reason)
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
