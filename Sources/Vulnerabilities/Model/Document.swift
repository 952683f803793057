/// A parsed JSON (or YAML) document: what an OSV record is read from. Objects keep their keys in order.
public indirect enum Document: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's text as written, so no precision is lost.
    case number(String)
    case string(String)
    case array([Document])
    case object([(key: String, value: Document)])

    public subscript(key: String) -> Document? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var string: String? {
        switch self {
        case .string(let text): text
        case .number(let text): text
        default: nil
        }
    }

    public var array: [Document]? { if case .array(let items) = self { items } else { nil } }

    public static func == (lhs: Document, rhs: Document) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .number(let text), .string(let text): hasher.combine(text)
        case .array(let items): hasher.combine(items)
        case .object(let members): for member in members { hasher.combine(member.key) }
        }
    }
}

/// A JSON text that RFC 8259 does not allow, with the byte offset where reading stopped.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// RFC 8259 JSON, read into a `Document`. Bounded: nesting deeper than `maximumDepth` is refused (a hostile record
/// cannot exhaust the stack), and the caller bounds the input's size.
public struct JSONParser {
    public static let maximumDepth = 64

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> Document {
        var parser = Cursor(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        if parser.index != bytes.count { throw parser.error("text after the value") }
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> Document {
        do {
            return try bytes.withUnsafeBytes { buffer in try parse(buffer) }
        } catch let error as JSONError {
            throw error
        } catch {
            throw JSONError(offset: 0, reason: "\(error)")
        }
    }

    struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        func error(_ reason: String) -> JSONError { JSONError(offset: index, reason: reason) }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func literal(_ text: String, _ value: Document) throws(JSONError) -> Document {
            let expected = Array(text.utf8)
            let count = expected.count
            guard index + count <= bytes.count else { throw error("truncated literal") }
            for offset in 0..<count where bytes[index + offset] != expected[offset] {
                throw error("unknown literal")
            }
            index += count
            return value
        }

        mutating func value(depth: Int) throws(JSONError) -> Document {
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                if depth >= JSONParser.maximumDepth { throw error("nested deeper than \(JSONParser.maximumDepth)") }
                index += 1
                var members: [(key: String, value: Document)] = []
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
                    let key = try string()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    index += 1
                    skipWhitespace()
                    members.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        return .object(members)
                    } else {
                        throw error("expected ',' or '}'")
                    }
                }
            case UInt8(ascii: "["):
                if depth >= JSONParser.maximumDepth { throw error("nested deeper than \(JSONParser.maximumDepth)") }
                index += 1
                var items: [Document] = []
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                }
                while true {
                    skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unterminated array") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        return .array(items)
                    } else {
                        throw error("expected ',' or ']'")
                    }
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        mutating func number() throws(JSONError) -> Document {
            let start = index
            if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            while index < bytes.count,
                bytes[index].isASCIIDigit || bytes[index] == UInt8(ascii: ".")
                    || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
                    || bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
            {
                index += 1
            }
            guard index > digitsStart, bytes[digitsStart].isASCIIDigit else { throw error("unexpected character") }
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        }

        func hex(_ at: Int) throws(JSONError) -> UInt32 {
            guard at + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[at + offset]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid \\u escape")
                }
                value = value << 4 | digit
            }
            return value
        }

        mutating func string() throws(JSONError) -> String {
            index += 1
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            var out = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if byte < 0x20 { throw error("control character in a string") }
                if byte != UInt8(ascii: "\\") {
                    out.append(byte)
                    index += 1
                    continue
                }
                guard index + 1 < bytes.count else { throw error("truncated escape") }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex(index)
                    index += 4
                    if (0xD800..<0xDC00).contains(scalar), index + 6 <= bytes.count, bytes[index] == 0x5C,
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        let low = try hex(index + 2)
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            index += 6
                        }
                    }
                    let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(character)).utf8))
                default: throw error("unknown escape")
                }
            }
            throw error("unterminated string")
        }
    }
}
