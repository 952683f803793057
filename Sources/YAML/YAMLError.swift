/// Why a YAML text could not be read, and where.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Something the grammar does not allow here (`found` is what was there, quoted).
        case unexpected(found: String, expected: String)
        case tabIndentation
        case badIndentation(String)
        case unterminatedQuote
        case invalidEscape(String)
        case invalidBlockScalarHeader
        case duplicateKey(String)
        case undefinedAlias(String)
        case complexKey
        case explicitKey
        case multilineKey
        case multipleDocuments
        case nulCharacter
        case invalidUTF8
        /// More aliases than ``YAMLLimits/maxAliases``.
        case tooManyAliases(limit: Int)
        /// Aliases that together stand for more than ``YAMLLimits/maxAliasExpansion`` bytes.
        case aliasExpansionTooLarge(limit: Int)
        /// Collections nested deeper than ``YAMLLimits/maxDepth``.
        case tooDeep(limit: Int)
    }

    public var reason: Reason
    public var mark: YAMLMark

    public init(_ reason: Reason, at mark: YAMLMark) {
        self.reason = reason
        self.mark = mark
    }

    public var line: Int { mark.line }
    public var column: Int { mark.column }

    /// The reason, without the position.
    public var message: String {
        switch reason {
        case .unexpected(let found, let expected): "found \(found), expected \(expected)"
        case .tabIndentation: "tabs are not allowed in indentation; indent with spaces"
        case .badIndentation(let what): "bad indentation of \(what)"
        case .unterminatedQuote: "a quoted scalar is not closed"
        case .invalidEscape(let escape): "unknown escape '\\\(escape)' in a double-quoted scalar"
        case .invalidBlockScalarHeader:
            "a block scalar header is '|' or '>', then at most one of '+' '-' and one digit 1-9, then a comment"
        case .duplicateKey(let key): "duplicate key '\(Self.excerpt(key))' in a mapping"
        case .undefinedAlias(let name): "alias '*\(Self.excerpt(name))' names no anchor defined before it"
        case .complexKey: "only scalars can be mapping keys"
        case .explicitKey: "explicit keys ('? ') are not supported; write 'key: value'"
        case .multilineKey: "a mapping key must be on one line"
        case .multipleDocuments: "expected one document, found a second ('---')"
        case .nulCharacter: "the text contains a NUL character"
        case .invalidUTF8: "the text is not valid UTF-8"
        case .tooManyAliases(let limit): "more than \(limit) aliases; aliases are limited so a small file cannot expand"
        case .aliasExpansionTooLarge(let limit):
            "aliases expand to more than \(limit) bytes; aliases are limited so a small file cannot expand"
        case .tooDeep(let limit): "collections nested more than \(limit) deep"
        }
    }

    public var description: String { "\(mark): \(message)" }

    /// The first 40 characters of `text`, with `…` when it was longer: a file's own text quoted in a message is
    /// never echoed whole (a 5,000-character key). Findings' `TerminalText.excerpt` does the same for the other
    /// modules; YAML depends on nothing, so it has its own, and control characters are escaped where it is printed.
    static func excerpt(_ text: String, limit: Int = 40) -> String {
        let head = text.prefix(limit)
        return String(head) + (head.endIndex < text.endIndex ? "…" : "")
    }
}

/// The bounds the parser enforces, so that a small hostile file cannot take unbounded time, memory or stack.
public enum YAMLLimits {
    /// Alias uses (`*name`) in one document.
    public static let maxAliases = 1_000
    /// The bytes all aliases of a document stand for together: each use counts the size of the node it names
    /// (its scalars' UTF-8 bytes plus one per node, aliases inside it expanded).
    public static let maxAliasExpansion = 4 << 20
    /// Sequences and mappings nested in one another.
    public static let maxDepth = 128
}
