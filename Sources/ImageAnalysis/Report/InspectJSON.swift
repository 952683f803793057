import Findings

/// The JSON document of `inspect --format json`, written deterministically (sorted keys, two-space indent). Its own
/// small value type because the envelope needs fractional numbers (`diveCompat`).
public indirect enum InspectJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([InspectJSON])
    case object([String: InspectJSON])

    static func string(_ value: String?) -> InspectJSON { value.map(InspectJSON.string) ?? .null }
    static func int(_ value: Int64?) -> InspectJSON { value.map(InspectJSON.int) ?? .null }

    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "0"
        case .string(let value): InspectJSON.writeString(value, to: &out)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(to: &out, indent: indent + 2)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                InspectJSON.writeString(key, to: &out)
                out += ": "
                members[key, default: .null].write(to: &out, indent: indent + 2)
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension Finding {
    /// The finding in PRODUCT.md's JSON shape, for an image: `layer` and `path` where they apply.
    var inspectJSON: InspectJSON {
        var object: [String: InspectJSON] = [
            "rule": .string(rule), "name": .string(name), "practice": .string(practice.rawValue),
            "severity": .string(severity.rawValue), "message": .string(message), "fix": .null,
        ]
        if let hint { object["hint"] = .string(hint) }
        if let layer { object["layer"] = .string(layer) }
        if let path { object["path"] = .string(path) }
        if let file { object["file"] = .string(file) }
        return .object(object)
    }
}

extension ImageReport {
    /// `inspect --format json`: PRODUCT.md's object (`findings`, `layers`, `waste`) plus `diveCompat`.
    public var json: InspectJSON {
        func layerRef(_ index: Int) -> InspectJSON {
            guard index < layers.count else { return .null }
            let layer = layers[index]
            return .object([
                "index": .int(Int64(index)), "digest": .string(layer.digest), "createdBy": .string(layer.createdBy),
            ])
        }
        let layerObjects: [InspectJSON] = layers.map { layer in
            .object([
                "index": .int(Int64(layer.index)), "digest": .string(layer.digest), "diffID": .string(layer.diffID),
                "mediaType": .string(layer.mediaType), "compressedBytes": .int(layer.compressedBytes),
                "tarBytes": .int(layer.tarBytes), "contentBytes": .int(layer.contentBytes),
                "entries": .int(Int64(layer.entries)), "whiteouts": .int(Int64(layer.whiteouts)),
                "createdBy": .string(layer.createdBy), "created": .string(layer.created),
            ])
        }
        let largest: [InspectJSON] = waste.largest.map { file in
            .object([
                "path": .string(file.path), "bytes": .int(file.bytes), "addedIn": layerRef(file.addedIn),
                "hiddenIn": layerRef(file.hiddenIn), "cause": .string(file.cause.rawValue),
                "advice": .string(file.advice),
            ])
        }
        return .object([
            "image": .string(image), "platform": .string(platform),
            "findings": .array(findings.map(\.inspectJSON)),
            "layers": .array(layerObjects),
            "historyMapping": .string(historyHeuristic ? "heuristic" : "exact"),
            "waste": .object([
                "shadowedBytes": .int(waste.shadowedBytes), "shadowedFiles": .int(Int64(waste.shadowedFiles)),
                "storedBytes": .int(waste.storedBytes), "largest": .array(largest),
            ]),
            "diveCompat": .object([
                "efficiency": .double(diveCompat.efficiency), "wastedBytes": .int(diveCompat.wastedBytes),
                "userWastedPercent": .double(diveCompat.userWastedPercent),
            ]),
            "filesystem": .object([
                "files": .int(Int64(files)), "contentBytes": .int(contentBytes),
                "distribution": .string(distribution),
                "directories": .array(
                    directories.map {
                        .object([
                            "directory": .string($0.directory), "files": .int(Int64($0.files)), "bytes": .int($0.bytes),
                        ])
                    }),
            ]),
        ])
    }
}
