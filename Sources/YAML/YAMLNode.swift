/// Where something starts in a YAML text: 1-based line and column (columns count Unicode scalars).
public struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// One node of a parsed YAML document: a scalar, a sequence or a mapping, with its tag (if one was written) and
/// where it starts. Aliases are resolved: an alias is a copy of the node its anchor names (sharing its storage),
/// marked where the alias is written.
public struct YAMLNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    /// How a scalar was written; only plain scalars are resolved to null, booleans and numbers.
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var kind: Kind
    /// The tag as written, with `!!` expanded (`!!str` is `tag:yaml.org,2002:str`); nil when none was written.
    public var tag: String?
    public var mark: YAMLMark

    public init(_ kind: Kind, tag: String? = nil, mark: YAMLMark) {
        self.kind = kind
        self.tag = tag
        self.mark = mark
    }

    /// The text of a scalar (whatever it resolves to), nil for a collection.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The items of a sequence, nil for anything else.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The pairs of a mapping in the order written, nil for anything else.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The value of `key` in a mapping (keys are unique), nil when absent or not a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.string == key }?.value
    }

    /// The scalar as a string when it resolves to one (quoted, block, or plain text that is not null, a boolean or a
    /// number); nil otherwise.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// Whether the node is a null scalar (`~`, `null`, or nothing at all).
    public var isNull: Bool { value == .null }

    /// What a scalar means under the YAML 1.2 core schema (tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`
    /// are honoured, other tags ignored); `.collection` for sequences and mappings.
    public var value: YAMLScalarValue {
        guard case .scalar(let text, let style) = kind else { return .collection }
        return YAMLScalarValue(resolving: text, style: style, tag: tag)
    }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
