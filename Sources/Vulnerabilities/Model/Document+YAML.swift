import YAML

extension Document {
    /// A YAML node as a document, under the core schema; numbers keep the text they were written with, so an
    /// unquoted `introduced: 1.10` stays the version "1.10".
    public init(yaml node: YAMLNode) {
        switch node.kind {
        case .sequence(let items): self = .array(items.map(Document.init(yaml:)))
        case .mapping(let pairs):
            self = .object(pairs.map { (key: $0.key.scalar ?? $0.key.jsonText(), value: Document(yaml: $0.value)) })
        case .scalar(let text, _):
            switch node.value {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .int, .double: self = .number(text)
            case .string(let value): self = .string(value)
            case .collection: self = .null
            }
        }
    }

    /// Parses one YAML document (an OSV record in YAML, as the PyPA advisory database writes them).
    public static func parseYAML(_ bytes: [UInt8]) throws -> Document {
        guard let node = try YAMLParser.parse(String(decoding: bytes, as: UTF8.self)) else {
            throw RecordError("the YAML document is empty")
        }
        return Document(yaml: node)
    }
}
