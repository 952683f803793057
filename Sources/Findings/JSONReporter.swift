/// The JSON report of PRODUCT.md: one object with `findings`, keys sorted.
public struct JSONReporter: Sendable {
    public init() {}

    /// The same text as `JSONValue.object(["findings": .array(findings.map(\.json))]).rendered()` plus a newline,
    /// written straight into UTF-8 bytes (a report of thousands of findings need not build a tree first).
    public func render(_ report: Report) -> String {
        if report.findings.isEmpty { return "{\n  \"findings\": []\n}\n" }
        var out = JSONBytes()
        out.bytes.reserveCapacity(report.findings.count * 420 + 32)
        out.append("{\n  \"findings\": [\n")
        for (index, finding) in report.findings.enumerated() {
            out.indent(4)
            finding.writeJSON(to: &out, indent: 4)
            out.append(index == report.findings.count - 1 ? "\n" : ",\n")
        }
        out.append("  ]\n}\n")
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

extension Finding {
    /// The finding as PRODUCT.md's JSON object: Dockerfile findings carry `file`/`line`/`column`/`endLine`/
    /// `endColumn`, image findings `layer` and `path`; `hint` when the rule has advice; `fix` is `null` or
    /// `{description, edits}`. Exact text: JSON is for programs, so nothing is escaped beyond JSON's own rules.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "rule": .string(rule),
            "name": .string(name),
            "practice": .string(practice.rawValue),
            "severity": .string(severity.rawValue),
            "message": .string(message),
            "fix": fix.map(\.json) ?? .null,
        ]
        if let hint { object["hint"] = .string(hint) }
        if let file { object["file"] = .string(file) }
        if let range {
            object["line"] = .int(range.line)
            object["column"] = .int(range.column)
            object["endLine"] = .int(range.endLine)
            object["endColumn"] = .int(range.endColumn)
        }
        if let layer { object["layer"] = .string(layer) }
        if let path { object["path"] = .string(path) }
        return .object(object)
    }

    /// Writes `json` as `JSONValue.rendered()` would at `indent`, the keys in their sorted order.
    func writeJSON(to out: inout JSONBytes, indent: Int) {
        var object = JSONObjectWriter(indent: indent)
        if let range {
            object.member("column", &out) { $0.int(range.column) }
            object.member("endColumn", &out) { $0.int(range.endColumn) }
            object.member("endLine", &out) { $0.int(range.endLine) }
        }
        if let file { object.member("file", &out) { $0.string(file) } }
        object.member("fix", &out) { out in
            if let fix { fix.writeJSON(to: &out, indent: indent + 2) } else { out.append("null") }
        }
        if let hint { object.member("hint", &out) { $0.string(hint) } }
        if let layer { object.member("layer", &out) { $0.string(layer) } }
        if let range { object.member("line", &out) { $0.int(range.line) } }
        object.member("message", &out) { $0.string(message) }
        object.member("name", &out) { $0.string(name) }
        if let path { object.member("path", &out) { $0.string(path) } }
        object.member("practice", &out) { $0.string(practice.rawValue) }
        object.member("rule", &out) { $0.string(rule) }
        object.member("severity", &out) { $0.string(severity.rawValue) }
        object.finish(&out)
    }
}

extension Fix {
    /// `{description, edits: [{start, end, replacement}]}`; `start`/`end` are UTF-8 byte offsets into the file.
    public var json: JSONValue {
        .object([
            "description": .string(description),
            "edits": .array(
                edits.map {
                    .object(["start": .int($0.start), "end": .int($0.end), "replacement": .string($0.replacement)])
                }),
        ])
    }

    /// Writes `json` as `JSONValue.rendered()` would at `indent`.
    func writeJSON(to out: inout JSONBytes, indent: Int) {
        var object = JSONObjectWriter(indent: indent)
        object.member("description", &out) { $0.string(description) }
        object.member("edits", &out) { out in
            if edits.isEmpty {
                out.append("[]")
                return
            }
            out.append("[\n")
            for (index, edit) in edits.enumerated() {
                out.indent(indent + 4)
                var member = JSONObjectWriter(indent: indent + 4)
                member.member("end", &out) { $0.int(edit.end) }
                member.member("replacement", &out) { $0.string(edit.replacement) }
                member.member("start", &out) { $0.int(edit.start) }
                member.finish(&out)
                out.append(index == edits.count - 1 ? "\n" : ",\n")
            }
            out.indent(indent + 2)
            out.append("]")
        }
        object.finish(&out)
    }
}

/// UTF-8 output of the JSON writers, escaped as `JSONValue` escapes.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func indent(_ count: Int) {
        for _ in 0..<max(0, count) { bytes.append(UInt8(ascii: " ")) }
    }

    /// The decimal digits of `value`, written without making a string.
    mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The digits come out last first: appended, then put in order where they stand.
        let start = bytes.count
        var magnitude = value.magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    mutating func string(_ value: String) {
        var text = value
        // One pass over the contiguous UTF-8: the runs that need no escape are appended whole.
        text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var run = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                run = index + 1
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                default:
                    let hex = String(byte, radix: 16)
                    append("\\u")
                    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 4 - hex.utf8.count))
                    bytes.append(contentsOf: hex.utf8)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<utf8.count]))
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

/// Writes the members of one JSON object at `indent`, in the order given (the caller sorts the keys).
struct JSONObjectWriter {
    let indent: Int
    private var count = 0

    init(indent: Int) {
        self.indent = indent
    }

    mutating func member(_ key: StaticString, _ out: inout JSONBytes, _ value: (inout JSONBytes) -> Void) {
        out.append(count == 0 ? "{\n" : ",\n")
        out.indent(indent + 2)
        out.append("\"")
        out.append(key)
        out.append("\": ")
        value(&out)
        count += 1
    }

    /// Closes the object (`{}` when it has no member).
    func finish(_ out: inout JSONBytes) {
        if count == 0 {
            out.append("{}")
        } else {
            out.append("\n")
            out.indent(indent)
            out.append("}")
        }
    }
}
