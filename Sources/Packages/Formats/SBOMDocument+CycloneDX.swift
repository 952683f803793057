import Findings

/// CycloneDX 1.6 JSON (cyclonedx.org/docs/1.6/json): `bomFormat`, `specVersion`, a `urn:uuid:` `serialNumber`,
/// `metadata` (timestamp, the tool, the image as the `container` component) and one `library` component a package,
/// the operating system as an `operating-system` component. Where a package came from (its layer, the history
/// entry, its source package, its owner) goes into `properties` under the `shipshape:` namespace, and the files that
/// show it into `evidence.occurrences`.
extension SBOMDocument {
    public var cycloneDX: JSONValue {
        var components: [JSONValue] = []
        var seen: [String: Int] = [:]
        for package in inventory.packages {
            // bom-ref: "An optional identifier which can be used to reference the component elsewhere in the BOM.
            // Every bom-ref MUST be unique within the BOM." The PURL, numbered when two locations share it.
            let count = seen[package.purl, default: 0]
            seen[package.purl] = count + 1
            let reference = count == 0 ? package.purl : package.purl + "#\(count + 1)"
            var component: [String: JSONValue] = [
                "type": .string("library"), "bom-ref": .string(reference), "name": .string(package.name),
                "version": .string(package.version), "purl": .string(package.purl),
            ]
            if !package.licenses.isEmpty {
                // "license": {"name": …} takes any text; "id" would have to be on the SPDX list.
                component["licenses"] = .array(
                    package.licenses.map { .object(["license": .object(["name": .string($0)])]) })
            }
            if !package.locations.isEmpty {
                component["evidence"] = .object([
                    "occurrences": .array(package.locations.map { .object(["location": .string($0)]) })
                ])
            }
            component["properties"] = .array(
                SBOMDocument.properties(of: package).map { name, value in
                    .object(["name": .string(name), "value": .string(value)])
                })
            components.append(.object(component))
        }
        if let system = inventory.operatingSystem {
            var component: [String: JSONValue] = [
                "type": .string("operating-system"), "bom-ref": .string("os:" + system.id), "name": .string(system.id),
            ]
            if let version = system.versionID { component["version"] = .string(version) }
            if let pretty = system.prettyName { component["description"] = .string(pretty) }
            if let ecosystem = system.ecosystem {
                component["properties"] = .array([
                    .object(["name": .string("shipshape:osv-ecosystem"), "value": .string(ecosystem)])
                ])
            }
            components.append(.object(component))
        }
        let metadata: [String: JSONValue] = [
            "timestamp": .string(timestampText),
            "tools": .object([
                "components": .array([
                    .object([
                        "type": .string("application"), "name": .string("shipshape"),
                        "version": .string(toolVersion),
                    ])
                ])
            ]),
            "component": .object([
                "type": .string("container"), "bom-ref": .string("image"), "name": .string(imageName),
                "version": .string(imageDigest),
            ]),
            "properties": .array([
                .object([
                    "name": .string("shipshape:removed-packages"), "value": .string(String(inventory.removed.count)),
                ])
            ]),
        ]
        return .object([
            "$schema": .string("http://cyclonedx.org/schema/bom-1.6.schema.json"),
            "bomFormat": .string("CycloneDX"), "specVersion": .string("1.6"),
            "serialNumber": .string("urn:uuid:" + uuid), "version": .int(1), "metadata": .object(metadata),
            "components": .array(components),
        ])
    }

    /// The `shipshape:` properties of a package, in a fixed order.
    static func properties(of package: Package) -> [(String, String)] {
        var result: [(String, String)] = [
            ("shipshape:package-type", package.type.rawValue),
            ("shipshape:layer", String(package.addedIn.index)),
        ]
        if let diffID = package.addedIn.diffID { result.append(("shipshape:layer-diff-id", diffID)) }
        if let createdBy = package.addedIn.createdBy { result.append(("shipshape:layer-created-by", createdBy)) }
        if let source = package.source {
            result.append(("shipshape:source-name", source.name))
            result.append(("shipshape:source-version", source.version))
        }
        if let architecture = package.architecture { result.append(("shipshape:architecture", architecture)) }
        if let owner = package.ownedBy {
            result.append(("shipshape:owned-by", "\(owner.type.rawValue):\(owner.name)@\(owner.version)"))
        }
        if let removed = package.removedIn { result.append(("shipshape:removed-in-layer", String(removed.index))) }
        return result
    }
}
