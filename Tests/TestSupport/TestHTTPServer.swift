import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests (the registry's and the service's suites share it): one thread per connection, `Connection: close`, a handler per
/// request. It records every request it saw.
public final class TestHTTPServer: @unchecked Sendable {
    // @unchecked: state behind the Mutex; the listening socket is closed once in stop().
    public struct Request: Sendable {
        public var method: String
        public var target: String
        public var headers: [String: String]
        public var body: [UInt8]

        public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
        public var query: [(String, String)] {
            guard let q = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return [] }
            return q.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).removingPercentEncoding ?? String($0)
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        /// When set, the body is sent one byte at a time with this pause between bytes (a registry that drips).
        public var drip: Double?

        public init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], drip: Double? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.drip = drip
        }
    }

    public let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let log = Mutex<[Request]>([])
    private let stopped = Mutex(false)

    public var requests: [Request] { log.withLock { $0 } }
    public var origin: String { "127.0.0.1:\(port)" }

    public init(handler: @escaping @Sendable (Request) -> Response) throws {
        let (fd, port) = try LoopbackListener.open(backlog: 64, reuseAddress: true)
        self.port = port
        listener = fd
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public func stop() {
        let already = stopped.withLock { value in
            defer { value = true }
            return value
        }
        if !already {
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
        }
    }

    deinit { stop() }

    /// Whether something accepts TCP connections on 127.0.0.1:port.
    public static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        guard fill(), let first = buffer.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else {
            return  // not HTTP (a TLS ClientHello): hang up
        }
        while headEnd == nil {
            if let range = buffer.firstRange(of: separator) {
                headEnd = range.upperBound
                break
            }
            guard fill() else { return }
        }
        guard let headEnd else { return }
        let headText = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count - headEnd < length { guard fill() else { break } }
        let request = Request(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
            body: Array(buffer[headEnd..<min(buffer.count, headEnd + length)]))
        log.withLock { $0.append(request) }
        let response = handler(request)
        var head = "HTTP/1.1 \(response.status) X\r\nConnection: close\r\n"
        var responseHeaders = response.headers
        if responseHeaders["Content-Length"] == nil { responseHeaders["Content-Length"] = String(response.body.count) }
        for (name, value) in responseHeaders { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        var out = Array(head.utf8)
        if let drip = response.drip, request.method != "HEAD" {
            guard sendAll(fd, out) else { return }
            for byte in response.body {
                Thread.sleep(forTimeInterval: drip)
                guard !stopped.withLock({ $0 }), sendAll(fd, [byte]) else { return }
            }
            return
        }
        if request.method != "HEAD" { out += response.body }
        _ = sendAll(fd, out)
    }

    private func sendAll(_ fd: Int32, _ out: [UInt8]) -> Bool {
        var offset = 0
        while offset < out.count {
            let written = out.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, out.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}
