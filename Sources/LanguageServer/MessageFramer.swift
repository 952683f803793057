/// The base protocol's framing: `Content-Length: N\r\n` (other headers ignored), an empty line, then N bytes of
/// JSON. Bytes arrive in any chunks; ``next()`` hands out whole bodies. Bounded: a header block over
/// ``maximumHeader`` bytes or a body over ``maximumBody`` is an error, after which the stream cannot be trusted.
public struct MessageFramer: Sendable {
    public static let maximumHeader = 8 << 10
    public static let maximumBody = 64 << 20

    private var buffer: [UInt8] = []
    private var start = 0
    /// The length of the body being waited for, once its header is read.
    private var pending: Int?

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete body, `nil` until one has arrived.
    public mutating func next() throws(FramingError) -> [UInt8]? {
        if pending == nil {
            guard let end = headerEnd() else {
                if buffer.count - start > MessageFramer.maximumHeader { throw .headerTooLarge }
                return nil
            }
            pending = try contentLength(buffer[start..<end])
            start = end + 4
        }
        guard let length = pending, buffer.count - start >= length else { return nil }
        let body = Array(buffer[start..<start + length])
        start += length
        pending = nil
        // Drop what was consumed once it is most of the buffer, so the buffer does not grow without end.
        if start > 64 << 10 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return body
    }

    private func headerEnd() -> Int? {
        var index = start
        let limit = min(buffer.count, start + MessageFramer.maximumHeader + 4)
        while index + 3 < limit {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        return nil
    }

    private func contentLength(_ header: ArraySlice<UInt8>) throws(FramingError) -> Int {
        guard header.count <= MessageFramer.maximumHeader else { throw .headerTooLarge }
        var length: Int?
        for line in String(decoding: header, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw .badHeader }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            if name == "content-length" {
                guard value.count <= 12, let parsed = Int(value), parsed >= 0 else { throw .badHeader }
                length = parsed
            }
        }
        guard let length else { throw .missingLength }
        guard length <= MessageFramer.maximumBody else { throw .bodyTooLarge(length) }
        return length
    }

    /// `body` framed for the wire.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

/// A byte stream that is not the base protocol.
public enum FramingError: Error, Sendable, Hashable, CustomStringConvertible {
    case headerTooLarge
    case badHeader
    case missingLength
    case bodyTooLarge(Int)

    public var description: String {
        switch self {
        case .headerTooLarge: "a message header is longer than \(MessageFramer.maximumHeader) bytes"
        case .badHeader: "a message header is not 'Name: value' lines with a numeric Content-Length"
        case .missingLength: "a message header has no Content-Length"
        case .bodyTooLarge(let length): "a message of \(length) bytes is over the limit of \(MessageFramer.maximumBody)"
        }
    }
}
