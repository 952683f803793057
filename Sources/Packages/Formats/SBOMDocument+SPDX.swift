import Findings

/// SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): the document (`SPDXRef-DOCUMENT`, `CC0-1.0` data licence, a
/// namespace from the image digest, `creationInfo.created` as `YYYY-MM-DDThh:mm:ssZ`), the image as a package
/// the document DESCRIBES, and each package with its PURL as a `PACKAGE-MANAGER`/`purl` external reference,
/// CONTAINed by the image.
extension SBOMDocument {
    public var spdx: JSONValue {
        var packages: [JSONValue] = []
        var relationships: [JSONValue] = [
            SBOMDocument.relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image")
        ]
        packages.append(
            .object([
                "SPDXID": .string("SPDXRef-Image"), "name": .string(imageName), "versionInfo": .string(imageDigest),
                "downloadLocation": .string("NOASSERTION"), "filesAnalyzed": .bool(false),
                "licenseConcluded": .string("NOASSERTION"), "licenseDeclared": .string("NOASSERTION"),
                "copyrightText": .string("NOASSERTION"), "primaryPackagePurpose": .string("CONTAINER"),
            ]))
        if let system = inventory.operatingSystem {
            packages.append(
                .object([
                    "SPDXID": .string("SPDXRef-OperatingSystem"), "name": .string(system.id),
                    "versionInfo": .string(system.versionID ?? "NOASSERTION"),
                    "downloadLocation": .string("NOASSERTION"), "filesAnalyzed": .bool(false),
                    "licenseConcluded": .string("NOASSERTION"), "licenseDeclared": .string("NOASSERTION"),
                    "copyrightText": .string("NOASSERTION"), "primaryPackagePurpose": .string("OPERATING-SYSTEM"),
                    "comment": .string(system.ecosystem.map { "OSV ecosystem: \($0)" } ?? "no OSV ecosystem"),
                ]))
            relationships.append(SBOMDocument.relationship("SPDXRef-Image", "CONTAINS", "SPDXRef-OperatingSystem"))
        }
        for (index, package) in inventory.packages.enumerated() {
            // SPDX 2.3 §7.2: "SPDXRef-"[idstring] where idstring is letters, numbers, '.' and '-'.
            let identifier = "SPDXRef-Package-\(package.type.rawValue)-\(index + 1)"
            var object: [String: JSONValue] = [
                "SPDXID": .string(identifier), "name": .string(package.name), "versionInfo": .string(package.version),
                "downloadLocation": .string("NOASSERTION"), "filesAnalyzed": .bool(false),
                "licenseConcluded": .string("NOASSERTION"), "copyrightText": .string("NOASSERTION"),
                "primaryPackagePurpose": .string("LIBRARY"),
                "externalRefs": .array([
                    .object([
                        "referenceCategory": .string("PACKAGE-MANAGER"), "referenceType": .string("purl"),
                        "referenceLocator": .string(package.purl),
                    ])
                ]),
            ]
            // §7.15: "licenseDeclared" is an SPDX license expression; a declaration that is not one of the common
            // SPDX identifiers stays NOASSERTION and is kept verbatim in licenseComments.
            let known = package.licenses.filter { SBOMDocument.spdxIdentifiers.contains($0) }
            if !known.isEmpty && known.count == package.licenses.count {
                object["licenseDeclared"] = .string(known.joined(separator: " AND "))
            } else {
                object["licenseDeclared"] = .string("NOASSERTION")
                if !package.licenses.isEmpty {
                    object["licenseComments"] = .string("declared: " + package.licenses.joined(separator: "; "))
                }
            }
            if let source = package.source {
                object["sourceInfo"] = .string("built from source package \(source.name) \(source.version)")
            }
            var comment = "layer \(package.addedIn.index)"
            if let createdBy = package.addedIn.createdBy { comment += " (\(createdBy))" }
            if !package.locations.isEmpty { comment += "; found in " + package.locations.joined(separator: ", ") }
            if let owner = package.ownedBy { comment += "; owned by \(owner.type.rawValue) package \(owner.name)" }
            object["comment"] = .string(comment)
            packages.append(.object(object))
            relationships.append(SBOMDocument.relationship("SPDXRef-Image", "CONTAINS", identifier))
        }
        let name = imageName.isEmpty ? "image" : imageName
        return .object([
            "spdxVersion": .string("SPDX-2.3"), "dataLicense": .string("CC0-1.0"),
            "SPDXID": .string("SPDXRef-DOCUMENT"), "name": .string(name),
            // §6.5: "a unique absolute Uniform Resource Identifier (URI) … The URI must not contain a "#"".
            "documentNamespace": .string("https://shipshape.invalid/spdx/" + uuid),
            "creationInfo": .object([
                "created": .string(timestampText),
                "creators": .array([.string("Tool: shipshape-\(toolVersion)")]),
            ]),
            "packages": .array(packages), "relationships": .array(relationships),
        ])
    }

    static func relationship(_ element: String, _ type: String, _ related: String) -> JSONValue {
        .object([
            "spdxElementId": .string(element), "relationshipType": .string(type),
            "relatedSpdxElement": .string(related),
        ])
    }

    /// The SPDX License List identifiers met most in images (licenseDeclared takes only listed ones).
    static let spdxIdentifiers: Set<String> = [
        "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later",
        "GPL-3.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only",
        "LGPL-3.0-or-later", "AGPL-3.0-only", "Unlicense", "0BSD", "Zlib", "PSF-2.0", "Python-2.0", "CC0-1.0",
        "BlueOak-1.0.0", "Artistic-2.0", "EPL-2.0", "OpenSSL", "curl", "X11", "BSL-1.0", "WTFPL",
    ]
}
