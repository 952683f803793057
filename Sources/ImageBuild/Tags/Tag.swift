/// An image tag, as the OCI distribution spec allows it.
public struct Tag: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: String

    /// distribution-spec, "Pulling manifests": a tag MUST be at most 128 characters in length and MUST match
    /// `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`.
    public init(_ value: String) throws(TagError) {
        let bytes = Array(value.utf8)
        guard let first = bytes.first else { throw .invalidTag(value, rule: "a tag cannot be empty") }
        guard bytes.count <= 128 else {
            throw .invalidTag(value, rule: "a tag is at most 128 characters, this one has \(bytes.count)")
        }
        guard Tag.isWordByte(first) else {
            throw .invalidTag(
                value, rule: "a tag starts with a letter, digit or '_' ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})")
        }
        if let bad = bytes.first(where: { !Tag.isWordByte($0) && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") }) {
            let character = String(decoding: [bad], as: UTF8.self)
            throw .invalidTag(
                value,
                rule:
                    "'\(character)' is not allowed: a tag holds only [A-Za-z0-9_.-] ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})"
            )
        }
        self.value = value
    }

    public var description: String { value }

    public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.value < rhs.value }

    static func isWordByte(_ byte: UInt8) -> Bool {
        SemanticVersion.isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }
}

/// What can go wrong deciding tags: an invalid version, tag or commit, or git not telling what it should.
public enum TagError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidVersion(String, rule: String)
    case invalidTag(String, rule: String)
    case invalidCommit(String)
    case git(command: String, message: String)
    case nothingToTag

    public var description: String {
        switch self {
        case .invalidVersion(let value, let rule):
            "invalid version '\(value)': \(rule); see https://semver.org/spec/v2.0.0.html"
        case .invalidTag(let value, let rule):
            "invalid tag '\(value)': \(rule)"
        case .invalidCommit(let value):
            "invalid commit '\(value)': a git commit id is 7 to 64 hexadecimal digits"
        case .git(let command, let message):
            "'\(command)' failed: \(message)"
        case .nothingToTag:
            "no version and no commit to tag: pass --version and/or --sha, or run inside a git repository"
        }
    }
}
