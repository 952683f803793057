extension YAMLNode {
    /// The node as JSON text (keys in the order written, core-schema scalars as JSON values): how YAML data is
    /// handed to JSON tooling, and how tests compare it with other parsers. Mapping keys become their scalar's
    /// JSON text (`1: x` gives `{"1":"x"}`); infinities and NaN are written `Infinity`, `-Infinity`, `NaN`, as
    /// Python's json module does.
    public func jsonText() -> String {
        var output: [UInt8] = []
        writeJSON(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func writeJSON(into output: inout [UInt8]) {
        switch kind {
        case .sequence(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output += Array(", ".utf8) }
                item.writeJSON(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .mapping(let pairs):
            output.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output += Array(", ".utf8) }
                let key: String
                switch pair.key.value {
                case .string(let text): key = text
                case .collection: key = pair.key.jsonText()
                case let other: key = other.jsonLiteral
                }
                writeJSONString(key, into: &output)
                output += Array(": ".utf8)
                pair.value.writeJSON(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .scalar:
            if case .string(let text) = value {
                writeJSONString(text, into: &output)
            } else {
                output += Array(value.jsonLiteral.utf8)
            }
        }
    }
}

extension YAMLScalarValue {
    /// The JSON text of a non-string scalar.
    var jsonLiteral: String {
        switch self {
        case .null, .collection: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value):
            if value.isNaN {
                "NaN"
            } else if value.isInfinite {
                value < 0 ? "-Infinity" : "Infinity"
            } else {
                "\(value)"
            }
        case .string(let text): text
        }
    }
}

/// `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`.
func writeJSONString(_ text: String, into output: inout [UInt8]) {
    let hex = Array("0123456789abcdef".utf8)
    output.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case 0..<0x20:
            output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        default: output.append(byte)
        }
    }
    output.append(UInt8(ascii: "\""))
}
