/// The JSON report of PRODUCT.md: one object with `findings`, keys sorted.
public struct JSONReporter: Sendable {
    public init() {}

    public func render(_ report: Report) -> String {
        JSONValue.object(["findings": .array(report.findings.map(\.json))]).rendered() + "\n"
    }
}

extension Finding {
    /// The finding as PRODUCT.md's JSON object: Dockerfile findings carry `file`/`line`/`column`/`endLine`/
    /// `endColumn`, image findings `layer` and `path`; `fix` is `null` or `{description, edits}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "rule": .string(rule),
            "name": .string(name),
            "practice": .string(practice.rawValue),
            "severity": .string(severity.rawValue),
            "message": .string(message),
            "fix": fix.map(\.json) ?? .null,
        ]
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
}
