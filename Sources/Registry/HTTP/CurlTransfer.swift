import CCurl
import FoundationEssentials
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One request's state while libcurl performs it: the body being sent, the response head being parsed, and the
/// receiver the body streams into. libcurl calls the callbacks on the performing thread only, one at a time.
final class CurlTransfer: @unchecked Sendable {
    // @unchecked: everything but `cancelled` is touched only by the thread running curl_easy_perform, and read by
    // the caller after that thread resumed it.
    let receiver: any HTTPBodyReceiver
    let body: Body
    private(set) var head: HTTPResponseHead?
    /// What a callback threw (the receiver's error, or a failed read of the body): the transfer's outcome.
    private(set) var failure: (any Error)?
    let cancelled = Atomic<Bool>(false)
    /// libcurl's detailed message for a failed transfer (CURLOPT_ERRORBUFFER).
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(SHIPSHAPE_CURL_ERROR_SIZE))

    private var status = 0
    private var headers: [String: String] = [:]
    private var position: Int64 = 0

    /// A request body, read by libcurl as it sends.
    enum Body {
        case bytes([UInt8])
        /// An open file region; the descriptor is closed with the transfer.
        case file(descriptor: Int32, path: String, offset: Int64, length: Int64)
        /// A region of a blob upload's file (its descriptor is the upload's).
        case blob(BlobUpload, offset: Int64, length: Int64)

        var length: Int64 {
            switch self {
            case .bytes(let bytes): Int64(bytes.count)
            case .file(_, _, _, let length): length
            case .blob(_, _, let length): length
            }
        }
    }

    init(body: HTTPBody, receiver: any HTTPBodyReceiver) throws {
        self.receiver = receiver
        switch body {
        case .none: self.body = .bytes([])
        case .bytes(let bytes): self.body = .bytes(bytes)
        case .file(let path, let offset, let length):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw HTTPTransportError(
                    reason: "cannot open '\(path)' for reading: \(String(cString: strerror(errno)))")
            }
            self.body = .file(descriptor: descriptor, path: path, offset: offset, length: length)
        case .blob(let upload, let offset, let length):
            self.body = .blob(upload, offset: offset, length: length)
        }
        errorBuffer.initialize(repeating: 0, count: Int(SHIPSHAPE_CURL_ERROR_SIZE))
    }

    deinit {
        if case .file(let descriptor, _, _, _) = body { close(descriptor) }
        errorBuffer.deallocate()
    }

    var detail: String { String(cString: errorBuffer) }

    // MARK: Callbacks

    /// One header line: the status line starts a head (again after a 1xx), the empty line ends it.
    func header(_ line: UnsafeRawBufferPointer) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            let fields = text.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            headers = [:]
        } else if text.isEmpty {
            guard status >= 200 else { return true }  // 1xx: the real head follows
            let head = HTTPResponseHead(status: status, headers: headers)
            self.head = head
            do {
                try receiver.begin(head)
            } catch {
                failure = error
                return false
            }
        } else if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].trimmingWhitespace().lowercased()
            let value = text[text.index(after: colon)...].trimmingWhitespace()
            if let earlier = headers[name] { headers[name] = earlier + ", " + value } else { headers[name] = value }
        }
        return true
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        do {
            try receiver.receive(bytes)
            return true
        } catch {
            failure = error
            return false
        }
    }

    /// Copies the next part of the body into `buffer`; nil when reading the file failed.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let wanted = Int(min(Int64(buffer.count), body.length - position))
        guard wanted > 0 else { return 0 }
        switch body {
        case .bytes(let bytes):
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[Int(position)..<Int(position) + wanted]))
            }
        case .file(let descriptor, let path, let offset, let length):
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(offset + position))
            guard count > 0 else {
                let reason = count < 0 ? String(cString: strerror(errno)) : "it ended early"
                failure = HTTPTransportError(
                    reason: "cannot read '\(path)' at \(offset + position) (\(length) bytes from \(offset)): \(reason)")
                return nil
            }
            position += Int64(count)
            return count
        case .blob(let upload, let offset, _):
            do throws(RegistryError) {
                let count = try upload.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: offset + position)
                position += Int64(count)
                return count
            } catch {
                failure = error
                return nil
            }
        }
        position += Int64(wanted)
        return wanted
    }

    /// Moves the read position (SEEK_SET only: libcurl rewinds to the start to resend).
    func seek(to offset: Int64, origin: Int32) -> Bool {
        guard origin == SEEK_SET, offset >= 0, offset <= body.length else { return false }
        position = offset
        return true
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }
}

/// The C entry points libcurl calls; `context` is the unretained CurlTransfer.
enum CurlCallbacks {
    static func transfer(_ context: UnsafeMutableRawPointer?) -> CurlTransfer? {
        context.map { Unmanaged<CurlTransfer>.fromOpaque($0).takeUnretainedValue() }
    }

    static let header: shipshape_curl_data_function = { bytes, size, count, context in
        guard let transfer = transfer(context) else { return 0 }
        let length = size * count
        return transfer.header(UnsafeRawBufferPointer(start: bytes, count: length)) ? length : 0
    }

    static let write: shipshape_curl_data_function = { bytes, size, count, context in
        guard let transfer = transfer(context) else { return 0 }
        let length = size * count
        return transfer.write(UnsafeRawBufferPointer(start: bytes, count: length)) ? length : 0
    }

    static let read: shipshape_curl_data_function = { bytes, size, count, context in
        guard let transfer = transfer(context) else { return Int(SHIPSHAPE_CURL_READFUNC_ABORT) }
        let buffer = UnsafeMutableRawBufferPointer(start: bytes, count: size * count)
        return transfer.read(into: buffer) ?? Int(SHIPSHAPE_CURL_READFUNC_ABORT)
    }

    static let seek: shipshape_curl_seek_function = { context, offset, origin in
        guard let transfer = transfer(context), transfer.seek(to: offset, origin: origin) else {
            return Int32(SHIPSHAPE_CURL_SEEKFUNC_FAIL)
        }
        return Int32(SHIPSHAPE_CURL_SEEKFUNC_OK)
    }

    static let progress: shipshape_curl_progress_function = { context, _, _, _, _ in
        guard let transfer = transfer(context) else { return 1 }
        return transfer.cancelled.load(ordering: .relaxed) ? 1 : 0
    }
}
