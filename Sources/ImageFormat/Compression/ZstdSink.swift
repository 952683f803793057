#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libzstd's streaming compression API, loaded at run time: Debian systems have the library (libzstd.so.1, a
/// dependency of apt and systemd) but not its header, so the few functions are resolved with dlsym and called
/// through C function pointer types that match the stable v1 ABI (zstd.h).
final class ZstdLibrary: Sendable {
    typealias Create = @convention(c) () -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer?) -> Int
    typealias SetParameter = @convention(c) (OpaquePointer?, Int32, Int32) -> Int
    /// `ZSTD_compressStream2(cctx, ZSTD_outBuffer*, ZSTD_inBuffer*, ZSTD_EndDirective)`; both buffers are
    /// `{pointer, size_t size, size_t pos}`.
    typealias Compress = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer, UnsafeMutableRawPointer, Int32) -> Int
    typealias IsError = @convention(c) (Int) -> UInt32
    typealias ErrorName = @convention(c) (Int) -> UnsafePointer<CChar>?

    let create: Create
    let free: Free
    let setParameter: SetParameter
    let compress: Compress
    let isError: IsError
    let errorName: ErrorName

    /// `ZSTD_c_compressionLevel`, `ZSTD_e_continue`, `ZSTD_e_end` (zstd.h).
    static let compressionLevelParameter: Int32 = 100
    static let continueDirective: Int32 = 0
    static let endDirective: Int32 = 2

    private init(handle: UnsafeMutableRawPointer) throws(CompressionError) {
        func symbol<T>(_ name: String, _ type: T.Type) throws(CompressionError) -> T {
            guard let pointer = dlsym(handle, name) else {
                throw .zstdUnavailable(reason: "libzstd.so.1 has no \(name)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        create = try symbol("ZSTD_createCCtx", Create.self)
        free = try symbol("ZSTD_freeCCtx", Free.self)
        setParameter = try symbol("ZSTD_CCtx_setParameter", SetParameter.self)
        compress = try symbol("ZSTD_compressStream2", Compress.self)
        isError = try symbol("ZSTD_isError", IsError.self)
        errorName = try symbol("ZSTD_getErrorName", ErrorName.self)
    }

    static let shared: Result<ZstdLibrary, CompressionError> = {
        guard let handle = dlopen("libzstd.so.1", RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            return .failure(.zstdUnavailable(reason: reason))
        }
        do throws(CompressionError) {
            return .success(try ZstdLibrary(handle: handle))
        } catch {
            return .failure(error)
        }
    }()

    func message(_ code: Int) -> String {
        errorName(code).map { String(cString: $0) } ?? "error \(code)"
    }
}

/// One compression context and its output buffer; `deinit` frees them.
final class ZstdContext {
    let library: ZstdLibrary
    let context: OpaquePointer
    let output: UnsafeMutableRawBufferPointer
    /// `ZSTD_inBuffer` and `ZSTD_outBuffer`: three machine words each, as in C.
    let inBuffer = UnsafeMutablePointer<Int>.allocate(capacity: 3)
    let outBuffer = UnsafeMutablePointer<Int>.allocate(capacity: 3)

    init(level: Int32) throws(CompressionError) {
        library = try ZstdLibrary.shared.get()
        guard let context = library.create() else {
            inBuffer.deallocate()
            outBuffer.deallocate()
            throw .zstd(operation: "ZSTD_createCCtx", message: "out of memory")
        }
        self.context = context
        output = .allocate(byteCount: 256 << 10, alignment: 16)
        let code = library.setParameter(context, ZstdLibrary.compressionLevelParameter, level)
        if library.isError(code) != 0 {
            throw .zstd(operation: "ZSTD_CCtx_setParameter", message: library.message(code))
        }
    }

    deinit {
        _ = library.free(context)
        output.deallocate()
        inBuffer.deallocate()
        outBuffer.deallocate()
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
        try pump(base, count: bytes.count, directive: ZstdLibrary.continueDirective)
    }

    private mutating func pump(_ base: UnsafeRawPointer?, count: Int, directive: Int32) throws {
        zstd.inBuffer[0] = Int(bitPattern: base)
        zstd.inBuffer[1] = count
        zstd.inBuffer[2] = 0
        while true {
            zstd.outBuffer[0] = Int(bitPattern: zstd.output.baseAddress)
            zstd.outBuffer[1] = zstd.output.count
            zstd.outBuffer[2] = 0
            let remaining = zstd.library.compress(
                zstd.context, UnsafeMutableRawPointer(zstd.outBuffer), UnsafeMutableRawPointer(zstd.inBuffer),
                directive)
            if zstd.library.isError(remaining) != 0 {
                throw CompressionError.zstd(operation: "ZSTD_compressStream2", message: zstd.library.message(remaining))
            }
            let produced = zstd.outBuffer[2]
            if produced > 0 { try inner.write(UnsafeRawBufferPointer(rebasing: zstd.output[..<produced])) }
            if directive == ZstdLibrary.endDirective {
                if remaining == 0 { return }
            } else if zstd.inBuffer[2] == zstd.inBuffer[1] {
                return
            }
        }
    }

    /// Ends the frame and returns the inner sink.
    public mutating func finish() throws -> Inner {
        try pump(nil, count: 0, directive: ZstdLibrary.endDirective)
        return inner
    }
}
