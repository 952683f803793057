import Findings
import Packages

// `inspect --format json` and `layers --format json` are Findings' `JSONValue` documents: sorted keys, two-space
// indent, the same writer as lint's reporters.

extension JSONValue {
    /// A byte count or other 64-bit number.
    static func int(_ value: Int64) -> JSONValue { .int(Int(value)) }
    static func int(_ value: Int64?) -> JSONValue { value.map { .int(Int($0)) } ?? .null }
}

extension Finding {
    /// The finding in PRODUCT.md's JSON shape, for an image: `layer` and `path` where they apply.
    var inspectJSON: JSONValue {
        var object: [String: JSONValue] = [
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
    /// `packages`: how many packages of each type the image holds, how many a layer installed and a later one
    /// removed, and the operating system's OSV ecosystem (`shipshape sbom` lists them).
    var packagesJSON: JSONValue {
        guard let packages else { return .null }
        let counts = packages.countsByType.map { ($0.key.rawValue, JSONValue.int($0.value)) }
        return .object([
            "total": .int(packages.packages.count), "removed": .int(packages.removed.count),
            "byType": .object(Dictionary(uniqueKeysWithValues: counts)),
            "operatingSystem": packages.operatingSystem.map { system in
                .object([
                    "id": .string(system.id), "versionID": system.versionID.map(JSONValue.string) ?? .null,
                    "ecosystem": system.ecosystem.map(JSONValue.string) ?? .null,
                ])
            } ?? .null,
        ])
    }

    /// `inspect --format json`: PRODUCT.md's object (`findings`, `layers`, `waste`) plus `diveCompat`.
    public var json: JSONValue {
        func layerRef(_ index: Int) -> JSONValue {
            guard index < layers.count else { return .null }
            let layer = layers[index]
            return .object([
                "index": .int(index), "digest": .string(layer.digest), "createdBy": .string(layer.createdBy),
            ])
        }
        let layerObjects: [JSONValue] = layers.map { layer in
            .object([
                "index": .int(layer.index), "digest": .string(layer.digest), "diffID": .string(layer.diffID),
                "mediaType": .string(layer.mediaType), "compressedBytes": .int(layer.compressedBytes),
                "tarBytes": .int(layer.tarBytes), "contentBytes": .int(layer.contentBytes),
                "entries": .int(layer.entries), "whiteouts": .int(layer.whiteouts),
                "createdBy": .string(layer.createdBy), "created": .string(layer.created),
            ])
        }
        let largest: [JSONValue] = waste.largest.map { file in
            .object([
                "path": .string(file.path), "bytes": .int(file.bytes), "addedIn": layerRef(file.addedIn),
                "hiddenIn": layerRef(file.hiddenIn), "cause": .string(file.cause.rawValue),
                "advice": .string(file.advice),
            ])
        }
        let document: JSONValue = .object([
            "image": .string(image), "platform": .string(platform),
            "findings": .array(findingsJSON),
            "layers": .array(layerObjects),
            "historyMapping": .string(historyHeuristic ? "heuristic" : "exact"),
            "waste": .object([
                "shadowedBytes": .int(waste.shadowedBytes), "shadowedFiles": .int(waste.shadowedFiles),
                "storedBytes": .int(waste.storedBytes), "largest": .array(largest),
            ]),
            "packages": packagesJSON,
            "diveCompat": .object([
                "efficiency": .double(diveCompat.efficiency), "wastedBytes": .int(diveCompat.wastedBytes),
                "userWastedPercent": .double(diveCompat.userWastedPercent),
            ]),
            "filesystem": .object([
                "files": .int(files), "contentBytes": .int(contentBytes),
                "distribution": .string(distribution),
                "directories": .array(
                    directories.map {
                        .object([
                            "directory": .string($0.directory), "files": .int($0.files), "bytes": .int($0.bytes),
                        ])
                    }),
            ]),
        ])
        guard vulnerabilities != nil, case .object(var object) = document else { return document }
        object["vulnerabilities"] = vulnerabilitiesJSON
        return .object(object)
    }

    /// The findings, each vulnerability's with the `vulnerability` object `scan --format json` gives it.
    var findingsJSON: [JSONValue] {
        var details: [Finding: JSONValue] = [:]
        for item in vulnerabilities?.items ?? [] { details[item.finding] = item.details }
        return findings.map { finding in
            guard let detail = details[finding], case .object(var object) = finding.inspectJSON else {
                return finding.inspectJSON
            }
            object["vulnerability"] = detail
            return .object(object)
        }
    }
}
