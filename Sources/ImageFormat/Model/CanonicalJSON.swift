import FoundationEssentials

/// JSON as Shipshape writes it: sorted keys, no escaped slashes, so the same value always gives the same bytes
/// (and the same digest).
public enum CanonicalJSON {
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// Decodes `bytes`, with a size limit checked before parsing (hostile inputs can be huge), refusing duplicate
    /// keys and deep nesting (`JSONKeyCheck`).
    public static func decode<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], limit: Int = 4 << 20, what: String
    ) throws(JSONDecodeError) -> T {
        guard bytes.count <= limit else {
            throw JSONDecodeError(what: what, reason: "it is \(bytes.count) bytes, over the limit of \(limit)")
        }
        if let problem = JSONKeyCheck.problem(in: bytes) { throw JSONDecodeError(what: what, reason: problem) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            // Foundation says only "The given data was not valid JSON." for a number its field cannot hold
            // (`"size": 1e30` for an Int64): name the number instead.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, context.underlyingError == nil,
                let number = firstOversizedInteger(in: bytes)
            {
                throw JSONDecodeError(
                    what: what, reason: "the number \(number.text) at offset \(number.offset) does not fit in 64 bits")
            }
            throw JSONDecodeError(what: what, reason: describe(error))
        } catch {
            throw JSONDecodeError(what: what, reason: "\(error)")
        }
    }

    /// The first integer literal outside strings (digits, perhaps a minus sign, no fraction or exponent) beyond
    /// Int64's bounds, with its byte offset; at most 40 characters of it. No field of the image specs' documents
    /// holds such a number, so it is certainly a reason the document cannot be read (whatever else is wrong).
    static func firstOversizedInteger(in bytes: [UInt8]) -> (text: String, offset: Int)? {
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) else {
                index += 1
                continue
            }
            let start = index
            while index < bytes.count,
                let character = Optional(bytes[index]),
                character == UInt8(ascii: "-") || character == UInt8(ascii: "+") || character == UInt8(ascii: ".")
                    || character == UInt8(ascii: "e") || character == UInt8(ascii: "E")
                    || (character >= UInt8(ascii: "0") && character <= UInt8(ascii: "9"))
            {
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), Int64(text) == nil {
                return (text.count > 40 ? String(text.prefix(39)) + "…" : text, start)
            }
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(context.debugDescription)\(path(context))"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return "\(context.debugDescription)\(path(context))\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A JSON document (manifest, index, config) that could not be decoded.
public struct JSONDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being read, for example "the manifest of docker-archive:app.tar".
    public var what: String
    public var reason: String

    public var description: String { "cannot read \(what): \(reason)" }
}
