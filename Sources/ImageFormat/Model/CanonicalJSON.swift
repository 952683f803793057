import Foundation

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
            throw JSONDecodeError(what: what, reason: describe(error))
        } catch {
            throw JSONDecodeError(what: what, reason: "\(error)")
        }
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
            let underlying = context.underlyingError.map { ": \($0.localizedDescription)" } ?? ""
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
