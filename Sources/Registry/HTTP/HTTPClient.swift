import FoundationEssentials
import Synchronization

/// One HTTP request as the registry client sends it. Redirects are never followed by the transport: the client
/// follows them itself so it can drop credentials when the host changes.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: HTTPBody
    /// The most the whole transfer may take, in seconds; nil: the client's limit for a document, plus time for an
    /// upload's length. A registry that sends a byte now and then never trips a low-speed limit; this it does.
    public var deadline: Int?

    public init(
        method: String, url: URL, headers: [String: String] = [:], body: HTTPBody = .none, deadline: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.deadline = deadline
    }

    /// The deadline for moving `bytes` (a blob): five minutes, plus the time at 256 KiB/s, so a 1 GB layer has
    /// about 70 minutes; no real registry is that slow for that long.
    public static func deadline(forBytes bytes: Int64) -> Int {
        300 + Int(min(max(bytes, 0) / (256 << 10), 1 << 30))
    }
}

/// What a request carries.
public enum HTTPBody: Sendable, Hashable {
    case none
    case bytes([UInt8])
    /// A region of a local file, streamed (a whole file) or read one chunk at a time (a region).
    case file(path: String, offset: Int64, length: Int64)
    /// A region (`offset` from the blob's start) of a blob's file opened once for its whole upload: what is sent
    /// is hashed, and the transfer stops before the last byte if the blob is not the one named (`BlobUpload`).
    case blob(BlobUpload, offset: Int64, length: Int64)

    public var length: Int64 {
        switch self {
        case .none: 0
        case .bytes(let bytes): Int64(bytes.count)
        case .file(_, _, let length): length
        case .blob(_, _, let length): length
        }
    }
}

/// Status and headers of a response. Header names are lowercased.
public struct HTTPResponseHead: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $0 + ", " + $1 })
    }

    public subscript(name: String) -> String? { headers[name.lowercased()] }
}

/// Receives a response body as it streams. `begin` is called once per response (again when a request is retried:
/// it must reset any state), then `receive` for each chunk, all on one thread at a time.
public protocol HTTPBodyReceiver: AnyObject, Sendable {
    func begin(_ head: HTTPResponseHead) throws
    func receive(_ bytes: UnsafeRawBufferPointer) throws
}

/// The transport. Libraries take it as a parameter: `CurlHTTPClient` in the tool, anything in tests.
public protocol HTTPClient: Sendable {
    /// Sends `request` (not following redirects: a 3xx is returned as is) and streams the body into `receiver`.
    /// Throws `HTTPTransportError` when no response arrived, or what `receiver` threw.
    func send(_ request: HTTPRequest, receiver: any HTTPBodyReceiver) async throws -> HTTPResponseHead
}

/// No response: connection refused or reset, TLS failure, timeout, DNS.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Collects a body in memory, refusing more than `limit` bytes.
public final class MemoryReceiver: HTTPBodyReceiver, Sendable {
    // The transport calls begin/receive from one thread at a time and the owner reads `bytes` only after `send`
    // returned; the mutex makes that ordering explicit.
    private let state = Mutex<(storage: [UInt8], overflowed: Bool)>(([], false))
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    public func begin(_ head: HTTPResponseHead) throws {
        state.withLock { $0 = ([], false) }
    }

    public func receive(_ bytes: UnsafeRawBufferPointer) throws {
        try state.withLock { (state) throws(BodyTooLarge) in
            guard state.storage.count + bytes.count <= limit else {
                state.overflowed = true
                throw BodyTooLarge(limit: limit)
            }
            state.storage.append(contentsOf: bytes)
        }
    }

    public var bytes: [UInt8] { state.withLock { $0.storage } }

    /// A response body over the receiver's limit; callers that know what they fetched say so (`tooLarge`).
    struct BodyTooLarge: Error, CustomStringConvertible {
        var limit: Int
        var description: String { "the registry's response is larger than the limit of \(limit) bytes" }
    }
}
