import CDeflate

/// libdeflate, loaded at run time (see CDeflate for why): the API resolved once per process.
struct DeflateLibrary: @unchecked Sendable {
    // @unchecked: the struct holds C function pointers into a library that is never unloaded; they are
    // immutable and callable from any thread (each compressor they allocate is used by one thread at a time).
    let api: shipshape_deflate_api

    /// The Debian runtime library's soname (package libdeflate0).
    static let soname = "libdeflate.so.0"

    /// The process-wide library, or why it could not be loaded.
    static let shared: Result<DeflateLibrary, DeflateUnavailable> = load(soname)

    static func load(_ library: String) -> Result<DeflateLibrary, DeflateUnavailable> {
        var api = shipshape_deflate_api()
        var error = [CChar](repeating: 0, count: 512)
        let status = shipshape_deflate_open(library, &api, &error, error.count)
        guard status == 0 else {
            let reason = String(decoding: error.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(DeflateUnavailable(reason: reason))
        }
        return .success(DeflateLibrary(api: api))
    }
}

/// Why libdeflate could not be loaded.
struct DeflateUnavailable: Error {
    var reason: String
}

/// Which deflate implementation writes gzip layers. Both give valid gzip, deterministically, but not the same
/// bytes: the layer's compressed digest depends on the engine (the DiffID, the digest of the uncompressed tar,
/// does not).
public enum GzipEngine: String, Sendable, Hashable, CaseIterable {
    /// libdeflate (libdeflate.so.0): about 2.5 times zlib's speed at the same level, and a slightly smaller output.
    case libdeflate
    /// zlib, the fallback when libdeflate is not installed.
    case zlib

    /// The environment variable that chooses the engine: `libdeflate`, `zlib`, or unset for `automatic`.
    public static let environmentVariable = "SHIPSHAPE_GZIP"

    /// libdeflate when it loads, zlib otherwise.
    public static var automatic: GzipEngine {
        if case .success = DeflateLibrary.shared { return .libdeflate }
        return .zlib
    }

    /// Why libdeflate cannot be used, or nil when it can.
    public static var libdeflateUnavailable: String? {
        if case .failure(let failure) = DeflateLibrary.shared { return failure.reason }
        return nil
    }

    /// The engine a `SHIPSHAPE_GZIP` value asks for: nil or empty for `automatic`; `libdeflate` must then load.
    public static func named(_ value: String?) throws(CompressionError) -> GzipEngine {
        guard let value, !value.isEmpty else { return automatic }
        guard let engine = GzipEngine(rawValue: value) else {
            throw .unknownGzipEngine(value)
        }
        if engine == .libdeflate, let reason = libdeflateUnavailable {
            throw .libdeflateUnavailable(reason: reason)
        }
        return engine
    }
}
