import CZstd

/// libzstd, loaded at run time (see CZstd for why): the API resolved once per process, for both directions.
struct ZstdLibrary: @unchecked Sendable {
    // @unchecked: the struct holds C function pointers into a library that is never unloaded; they are
    // immutable and callable from any thread.
    let api: shipshape_zstd_api

    /// The Debian runtime library's soname.
    static let soname = "libzstd.so.1"

    /// The process-wide library, or why it could not be loaded.
    static let shared: Result<ZstdLibrary, ZstdUnavailable> = load(soname)

    static func load(_ library: String) -> Result<ZstdLibrary, ZstdUnavailable> {
        var api = shipshape_zstd_api()
        var error = [CChar](repeating: 0, count: 512)
        let status = shipshape_zstd_open(library, &api, &error, error.count)
        guard status == 0 else {
            let reason = String(decoding: error.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(ZstdUnavailable(reason: reason))
        }
        return .success(ZstdLibrary(api: api))
    }

    /// libzstd's name for an error code.
    func message(_ code: Int) -> String {
        api.error_name?(code).map { String(cString: $0) } ?? "error \(code)"
    }
}

/// Why libzstd could not be loaded; each direction wraps it in its own error.
struct ZstdUnavailable: Error {
    var reason: String
}
