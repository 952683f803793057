import CCurl

/// libcurl, loaded on first use (see CCurl for why it is not linked).
enum CurlLibrary {
    /// Nil once libcurl is loaded and initialised, or why it could not be.
    static let loadFailure: HTTPTransportError? = {
        var error = [CChar](repeating: 0, count: 512)
        guard shipshape_curl_open(&error, error.count) == 0 else {
            let reason = String(decoding: error.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return HTTPTransportError(reason: reason)
        }
        return nil
    }()

    /// Loads libcurl, or throws why it cannot be used.
    static func load() throws(HTTPTransportError) {
        if let loadFailure { throw loadFailure }
    }

    /// libcurl's message for a result code.
    static func message(_ code: Int32) -> String {
        shipshape_curl_easy_strerror(code).map { String(cString: $0) } ?? "curl error \(code)"
    }
}
