import Findings

/// Shipshape's own JSON: everything the inventory holds, removed packages, skipped dpkg states and notes included.
extension SBOMDocument {
    public var json: JSONValue {
        var system: JSONValue = .null
        if let os = inventory.operatingSystem {
            system = .object([
                "id": .string(os.id), "versionID": .string(os.versionID), "codename": .string(os.codename),
                "prettyName": .string(os.prettyName), "ecosystem": .string(os.ecosystem),
            ])
        }
        return .object([
            "image": .string(imageName), "digest": .string(imageDigest), "timestamp": .string(timestampText),
            "tool": .string("shipshape \(toolVersion)"), "operatingSystem": system,
            "packages": .array(inventory.packages.map(SBOMDocument.json)),
            "removed": .array(inventory.removed.map(SBOMDocument.json)),
            "skippedStates": .object(inventory.skippedStates.mapValues { .int($0) }),
            "notes": .array(
                inventory.notes.map {
                    .object(["path": .string($0.path), "layer": .int($0.layer), "message": .string($0.message)])
                }),
        ])
    }

    static func json(_ layer: LayerReference) -> JSONValue {
        .object([
            "index": .int(layer.index), "diffID": .string(layer.diffID), "createdBy": .string(layer.createdBy),
        ])
    }

    static func json(_ package: Package) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(package.name), "version": .string(package.version), "type": .string(package.type.rawValue),
            "purl": .string(package.purl), "licenses": .array(package.licenses.map(JSONValue.string)),
            "locations": .array(package.locations.map(JSONValue.string)), "addedIn": json(package.addedIn),
        ]
        if let source = package.source {
            object["source"] = .object(["name": .string(source.name), "version": .string(source.version)])
        }
        if let architecture = package.architecture { object["architecture"] = .string(architecture) }
        if let count = package.fileCount { object["fileCount"] = .int(count) }
        if let removed = package.removedIn { object["removedIn"] = json(removed) }
        if let owner = package.ownedBy {
            object["ownedBy"] = .object([
                "type": .string(owner.type.rawValue), "name": .string(owner.name), "version": .string(owner.version),
            ])
        }
        return .object(object)
    }
}
