import CCurl
import FoundationEssentials
import ImageFormat
import Synchronization

/// The transport on libcurl's easy interface, loaded on first use (see CCurl).
///
/// Each request runs `curl_easy_perform` on its own thread, so blocking transfers never hold a Swift concurrency
/// thread; the body streams into the receiver chunk by chunk as it arrives (hashed and written, never held whole)
/// and uploads are read from memory or straight from the file region with pread. Idle handles are kept, up to
/// `parallelism`, so their connections are reused. libcurl never follows redirects here: the registry client
/// follows them itself, dropping credentials when the host changes. Proxies come from the usual environment
/// variables (`https_proxy`, `no_proxy`, ...), as with curl itself.
public final class CurlHTTPClient: HTTPClient {
    private let idle = Mutex<[CurlHandle]>([])
    private let parallelism: Int
    private let timeout: Int
    private let documentDeadline: Int

    /// - Parameters:
    ///   - parallelism: idle connections kept for reuse (transfers beyond it still run, on new connections).
    ///   - timeout: seconds without a byte in either direction before a transfer fails.
    ///   - documentDeadline: seconds a request without its own `deadline` may take in all (a manifest, a token, a
    ///     tag list page: documents of a few MiB at most).
    public init(parallelism: Int = 4, timeout: Int = 120, documentDeadline: Int = 300) {
        self.parallelism = max(1, parallelism)
        self.timeout = max(1, timeout)
        self.documentDeadline = max(1, documentDeadline)
    }

    deinit {
        for handle in idle.withLock({ $0 }) { shipshape_curl_easy_cleanup(handle.pointer) }
    }

    public func send(_ request: HTTPRequest, receiver: any HTTPBodyReceiver) async throws -> HTTPResponseHead {
        try CurlLibrary.load()
        let transfer = try CurlTransfer(body: request.body, receiver: receiver)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let started = TransferThread.start { [self] in
                    continuation.resume(with: Result { try perform(request, transfer) })
                }
                if started != 0 {
                    let reason = "cannot start a transfer thread: \(SystemFile.describe(errno: started))"
                    continuation.resume(throwing: HTTPTransportError(reason: reason))
                }
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    /// Runs one transfer to completion on the calling thread.
    private func perform(_ request: HTTPRequest, _ transfer: CurlTransfer) throws -> HTTPResponseHead {
        if transfer.cancelled.load(ordering: .relaxed) { throw CancellationError() }
        let handle = try checkOut()
        var headerList: UnsafeMutableRawPointer?
        defer {
            if let headerList { shipshape_curl_slist_free_all(headerList) }
            checkIn(handle)
        }
        for (name, value) in request.headers where name.lowercased() != "content-length" {
            // A value from a response (a token, a location) must not smuggle another header line into the request.
            guard !"\(name)\(value)".utf8.contains(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
            else {
                throw HTTPTransportError(reason: "the request header '\(name)' contains a line break; not sent")
            }
            headerList = shipshape_curl_slist_append(headerList, "\(name): \(value)")
        }
        // No "Expect: 100-continue" round trip before uploads.
        headerList = shipshape_curl_slist_append(headerList, "Expect:")
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try withExtendedLifetime(transfer) {
            try configure(handle.pointer, request, context: context, headers: headerList, transfer: transfer)
        }
        let code = withExtendedLifetime(transfer) { shipshape_curl_easy_perform(handle.pointer) }
        if let failure = transfer.failure { throw failure }
        if transfer.cancelled.load(ordering: .relaxed) { throw CancellationError() }
        guard code == 0 else {
            let detail = transfer.detail
            // libcurl refuses a header line over CURL_MAX_HTTP_HEADER (100 KB) with CURLE_OUT_OF_MEMORY and no
            // message of its own: "Out of memory" would send the user looking at this machine.
            let outOfMemory: Int32 = 27
            let timedOut: Int32 = 28
            let deadline = self.deadline(of: request)
            let reason =
                code == timedOut && detail.hasPrefix("Operation timed out after")
                ? "the transfer did not finish within \(deadline) s, the limit for it (\(detail))"
                : !detail.isEmpty
                    ? detail
                    : code == outOfMemory
                        ? "the response was refused: a header line longer than 100 KB (libcurl's limit), or no memory left"
                        : CurlLibrary.message(code)
            throw HTTPTransportError(reason: reason)
        }
        guard let head = transfer.head else {
            throw HTTPTransportError(reason: "the connection closed without a response")
        }
        return head
    }

    /// Seconds the whole of `request` may take.
    private func deadline(of request: HTTPRequest) -> Int {
        request.deadline ?? (documentDeadline + Int(request.body.length / (256 << 10)))
    }

    private func configure(
        _ handle: UnsafeMutableRawPointer, _ request: HTTPRequest, context: UnsafeMutableRawPointer,
        headers: UnsafeMutableRawPointer?, transfer: CurlTransfer
    ) throws {
        let set = CurlOptions(handle: handle)
        try set.required(SHIPSHAPE_CURLOPT_URL, string: request.url.absoluteString, "URL")
        // Only HTTP(S), also for anything libcurl might be asked to follow. Older libcurl lacks the option.
        set.optional(SHIPSHAPE_CURLOPT_PROTOCOLS_STR, string: "http,https")
        set.optional(SHIPSHAPE_CURLOPT_NOSIGNAL, 1)
        set.optional(SHIPSHAPE_CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        set.optional(SHIPSHAPE_CURLOPT_CONNECTTIMEOUT, min(timeout, 30))
        set.optional(SHIPSHAPE_CURLOPT_LOW_SPEED_LIMIT, 1)
        set.optional(SHIPSHAPE_CURLOPT_LOW_SPEED_TIME, timeout)
        set.optional(SHIPSHAPE_CURLOPT_TIMEOUT_MS, deadline(of: request) * 1000)
        set.optional(SHIPSHAPE_CURLOPT_USERAGENT, string: "shipshape")
        set.optional(SHIPSHAPE_CURLOPT_ERRORBUFFER, pointer: transfer.errorBuffer)
        try set.required(SHIPSHAPE_CURLOPT_HTTPHEADER, pointer: headers, "headers")

        switch request.method {
        case "GET" where transfer.body.length == 0:
            try set.required(SHIPSHAPE_CURLOPT_HTTPGET, 1, "GET")
        case "HEAD":
            try set.required(SHIPSHAPE_CURLOPT_NOBODY, 1, "HEAD")
        default:
            // Every other method sends its body (possibly empty, as "Content-Length: 0") through the read callback.
            try set.required(SHIPSHAPE_CURLOPT_UPLOAD, 1, "upload")
            try set.required(SHIPSHAPE_CURLOPT_INFILESIZE_LARGE, offset: transfer.body.length, "body size")
            try set.required(SHIPSHAPE_CURLOPT_READFUNCTION, CurlCallbacks.read, "read callback")
            set.optional(SHIPSHAPE_CURLOPT_READDATA, pointer: context)
            try set.required(SHIPSHAPE_CURLOPT_SEEKFUNCTION, CurlCallbacks.seek, "seek callback")
            set.optional(SHIPSHAPE_CURLOPT_SEEKDATA, pointer: context)
            try set.required(SHIPSHAPE_CURLOPT_CUSTOMREQUEST, string: request.method, "method")
        }
        try set.required(SHIPSHAPE_CURLOPT_HEADERFUNCTION, CurlCallbacks.header, "header callback")
        set.optional(SHIPSHAPE_CURLOPT_HEADERDATA, pointer: context)
        try set.required(SHIPSHAPE_CURLOPT_WRITEFUNCTION, CurlCallbacks.write, "body callback")
        set.optional(SHIPSHAPE_CURLOPT_WRITEDATA, pointer: context)
        // The progress callback is how a cancelled task stops its transfer.
        try set.required(SHIPSHAPE_CURLOPT_NOPROGRESS, 0, "progress")
        try set.required(SHIPSHAPE_CURLOPT_XFERINFOFUNCTION, CurlCallbacks.progress, "progress callback")
        set.optional(SHIPSHAPE_CURLOPT_XFERINFODATA, pointer: context)
    }

    private func checkOut() throws -> CurlHandle {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        guard let pointer = shipshape_curl_easy_init() else {
            throw HTTPTransportError(reason: "curl_easy_init failed")
        }
        return CurlHandle(pointer: pointer)
    }

    /// Keeps the handle (and its open connection) for the next request, or frees it beyond `parallelism`.
    private func checkIn(_ handle: CurlHandle) {
        shipshape_curl_easy_reset(handle.pointer)
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < parallelism else { return false }
            handles.append(handle)
            return true
        }
        if !kept { shipshape_curl_easy_cleanup(handle.pointer) }
    }
}

/// An easy handle; used by one transfer at a time.
struct CurlHandle: @unchecked Sendable {
    // @unchecked: the pointer moves between threads through the pool's Mutex, never shared by two transfers.
    let pointer: UnsafeMutableRawPointer
}

/// Typed curl_easy_setopt calls on one handle: `required` throws when libcurl refuses the option, `optional`
/// ignores a refusal (options an older libcurl does not know).
private struct CurlOptions {
    let handle: UnsafeMutableRawPointer

    func required(_ option: Int, _ value: Int, _ what: String) throws {
        try check(shipshape_curl_setopt_long(handle, Int32(option), value), what)
    }
    func required(_ option: Int, offset: Int64, _ what: String) throws {
        try check(shipshape_curl_setopt_offset(handle, Int32(option), offset), what)
    }
    func required(_ option: Int, string: String, _ what: String) throws {
        try check(shipshape_curl_setopt_pointer(handle, Int32(option), string), what)  // libcurl copies strings
    }
    func required(_ option: Int, pointer: UnsafeMutableRawPointer?, _ what: String) throws {
        try check(shipshape_curl_setopt_pointer(handle, Int32(option), pointer), what)
    }
    func required(_ option: Int, _ function: shipshape_curl_data_function, _ what: String) throws {
        try check(shipshape_curl_setopt_data_function(handle, Int32(option), function), what)
    }
    func required(_ option: Int, _ function: shipshape_curl_seek_function, _ what: String) throws {
        try check(shipshape_curl_setopt_seek_function(handle, Int32(option), function), what)
    }
    func required(_ option: Int, _ function: shipshape_curl_progress_function, _ what: String) throws {
        try check(shipshape_curl_setopt_progress_function(handle, Int32(option), function), what)
    }

    func optional(_ option: Int, _ value: Int) { _ = shipshape_curl_setopt_long(handle, Int32(option), value) }
    func optional(_ option: Int, string: String) { _ = shipshape_curl_setopt_pointer(handle, Int32(option), string) }
    func optional(_ option: Int, pointer: UnsafeMutableRawPointer?) {
        _ = shipshape_curl_setopt_pointer(handle, Int32(option), pointer)
    }

    private func check(_ status: Int32, _ what: String) throws {
        guard status == 0 else {
            throw HTTPTransportError(reason: "libcurl refused the \(what) option: \(CurlLibrary.message(status))")
        }
    }
}
