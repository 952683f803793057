/// A content digest, `algorithm:encoded`, as the OCI image spec defines it.
public struct Digest: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let algorithm: String
    public let encoded: String

    /// Parses `sha256:…` or `sha512:…`.
    ///
    /// OCI image-spec, descriptor.md: `digest ::= algorithm ":" encoded`,
    /// `algorithm ::= algorithm-component (algorithm-separator algorithm-component)*`,
    /// `algorithm-component ::= [a-z0-9]+`, `algorithm-separator ::= [+._-]`, `encoded ::= [a-zA-Z0-9=_-]+`;
    /// for `sha256` the encoded portion MUST match `/[a-f0-9]{64}/`, for `sha512` `/[a-f0-9]{128}/`.
    public init(_ string: String) throws(ImageFormatError) {
        guard let colon = string.utf8.firstIndex(of: UInt8(ascii: ":")) else {
            throw .invalidDigest(string, reason: "it has no ':' between algorithm and value")
        }
        let algorithm = String(string[..<colon])
        let encoded = String(string[string.index(after: colon)...])
        switch algorithm {
        case "sha256":
            guard encoded.utf8.count == 64, encoded.utf8.allSatisfy(Digest.isLowerHex) else {
                throw .invalidDigest(string, reason: "a sha256 value must be 64 lowercase hexadecimal digits")
            }
        case "sha512":
            guard encoded.utf8.count == 128, encoded.utf8.allSatisfy(Digest.isLowerHex) else {
                throw .invalidDigest(string, reason: "a sha512 value must be 128 lowercase hexadecimal digits")
            }
        default:
            throw .invalidDigest(string, reason: "only sha256 and sha512 digests are supported")
        }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    /// A sha256 digest from 32 raw bytes.
    public init(sha256 bytes: some Sequence<UInt8>) {
        self.algorithm = "sha256"
        self.encoded = Digest.hex(bytes)
    }

    public var description: String { "\(algorithm):\(encoded)" }

    /// The first 12 hex digits, for tables.
    public var short: String { String(encoded.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try Digest(string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
