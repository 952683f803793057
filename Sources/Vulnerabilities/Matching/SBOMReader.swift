/// Reads the packages of a stored SBOM for `scan sbom:FILE`: CycloneDX JSON (Shipshape's `shipshape:` properties
/// carry the source package, owner and layer; other tools' files are read from the PURLs alone) and Shipshape's own
/// JSON (`sbom --format json`).
public enum SBOMReader {
    public static func queries(_ bytes: [UInt8], file: String) throws(DatabaseError) -> [PackageQuery] {
        let document: Document
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .input(path: file, reason: "not JSON: \(error)")
        }
        if document["bomFormat"]?.string == "CycloneDX" { return try cycloneDX(document, file: file) }
        if let packages = document["packages"]?.array, document["operatingSystem"] != nil {
            return shipshape(packages, system: document["operatingSystem"]?["ecosystem"]?.string)
        }
        if let version = document["spdxVersion"]?.string {
            guard version.hasPrefix("SPDX-2.") else {
                throw .input(path: file, reason: "\(version) is not read; SPDX 2.2 and 2.3 JSON are")
            }
            return spdx(document["packages"]?.array ?? [])
        }
        throw .input(path: file, reason: "neither a CycloneDX SBOM nor Shipshape's JSON SBOM")
    }

    static func property(_ component: Document, _ name: String) -> String? {
        component["properties"]?.array?.first { $0["name"]?.string == name }?["value"]?.string
    }

    static func cycloneDX(_ document: Document, file: String) throws(DatabaseError) -> [PackageQuery] {
        var components = document["components"]?.array ?? []
        if let metadataComponent = document["metadata"]?["component"] { components.append(metadataComponent) }
        let system =
            components.lazy.compactMap { component -> String? in
                component["type"]?.string == "operating-system"
                    ? property(component, "shipshape:osv-ecosystem") : nil
            }.first
        var out: [PackageQuery] = []
        for component in components {
            guard let purlText = component["purl"]?.string, let purl = PURL(purlText) else { continue }
            guard let name = component["name"]?.string, let version = component["version"]?.string else { continue }
            guard let ecosystem = purl.ecosystem(system: system) else { continue }
            let owner = property(component, "shipshape:owned-by")
            out.append(
                PackageQuery(
                    ecosystem: ecosystem, name: purl.packageName(fallback: name), version: version,
                    sourceName: property(component, "shipshape:source-name") ?? purl.qualifiers["upstream"],
                    sourceVersion: property(component, "shipshape:source-version"),
                    ownedBy: owner.map { String($0.split(separator: "@").first ?? Substring($0)) }, purl: purlText,
                    layer: property(component, "shipshape:layer-diff-id"),
                    createdBy: property(component, "shipshape:layer-created-by")))
        }
        return out
    }

    /// SPDX 2.x JSON (`sbom --format spdx`, or another tool's): every package with a `purl` external reference;
    /// the operating system's OSV ecosystem from Shipshape's OPERATING-SYSTEM package comment, else the purls'
    /// `distro`; the source package from `sourceInfo` or the purl's `upstream`; the owner and the layer's history
    /// entry from Shipshape's comment.
    static func spdx(_ packages: [Document]) -> [PackageQuery] {
        let system =
            packages.lazy.compactMap { package -> String? in
                guard package["primaryPackagePurpose"]?.string == "OPERATING-SYSTEM",
                    let comment = package["comment"]?.string, comment.hasPrefix("OSV ecosystem: ")
                else { return nil }
                return String(comment.dropFirst("OSV ecosystem: ".count))
            }.first
        var out: [PackageQuery] = []
        for package in packages {
            let references = package["externalRefs"]?.array ?? []
            guard
                let purlText = references.lazy.compactMap({ reference -> String? in
                    reference["referenceType"]?.string == "purl" ? reference["referenceLocator"]?.string : nil
                }).first,
                let purl = PURL(purlText), let name = package["name"]?.string,
                let version = package["versionInfo"]?.string, let ecosystem = purl.ecosystem(system: system)
            else { continue }
            var sourceName: String?
            var sourceVersion: String?
            if let info = package["sourceInfo"]?.string, info.hasPrefix("built from source package ") {
                let parts = info.dropFirst("built from source package ".count).split(separator: " ", maxSplits: 1)
                sourceName = parts.first.map(String.init)
                sourceVersion = parts.count == 2 ? String(parts[1]) : nil
            } else if let upstream = purl.qualifiers["upstream"] {
                let parts = upstream.split(separator: "@", maxSplits: 1)
                sourceName = parts.first.map(String.init)
                sourceVersion = parts.count == 2 ? String(parts[1]) : nil
            }
            let comment = package["comment"]?.string ?? ""
            var owner: String?
            if let range = comment.firstRange(of: "; owned by ") {
                let words = comment[range.upperBound...].split(separator: " ")
                if words.count >= 3, words[1] == "package" { owner = "\(words[0]):\(words[2])" }
            }
            var createdBy: String?
            if comment.hasPrefix("layer "), let open = comment.firstIndex(of: "(") {
                let end =
                    comment.firstRange(of: "; found in ")?.lowerBound
                    ?? comment.firstRange(of: "; owned by ")?.lowerBound ?? comment.endIndex
                let inner = comment[comment.index(after: open)..<end]
                if inner.hasSuffix(")") { createdBy = String(inner.dropLast()) }
            }
            out.append(
                PackageQuery(
                    ecosystem: ecosystem, name: purl.packageName(fallback: name), version: version,
                    sourceName: sourceName, sourceVersion: sourceVersion, ownedBy: owner, purl: purlText,
                    createdBy: createdBy))
        }
        return out
    }

    static func shipshape(_ packages: [Document], system: String?) -> [PackageQuery] {
        var out: [PackageQuery] = []
        for package in packages {
            guard let purlText = package["purl"]?.string, let purl = PURL(purlText),
                let name = package["name"]?.string, let version = package["version"]?.string,
                let ecosystem = purl.ecosystem(system: system)
            else { continue }
            let owner = package["ownedBy"]
            out.append(
                PackageQuery(
                    ecosystem: ecosystem, name: purl.packageName(fallback: name), version: version,
                    sourceName: package["source"]?["name"]?.string,
                    sourceVersion: package["source"]?["version"]?.string,
                    ownedBy: owner.flatMap { $0["name"]?.string }, purl: purlText,
                    layer: package["addedIn"]?["diffID"]?.string, createdBy: package["addedIn"]?["createdBy"]?.string))
        }
        return out
    }
}

/// A package URL (purl-spec: `pkg:type/namespace/name@version?qualifiers#subpath`), the parts matching needs.
struct PURL {
    var type: String
    var namespace: String?
    var name: String
    var qualifiers: [String: String]

    init?(_ text: String) {
        guard text.hasPrefix("pkg:") else { return nil }
        var rest = Substring(text.dropFirst(4))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var qualifiers: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { qualifiers[String(parts[0])] = PURL.decode(String(parts[1])) }
            }
            rest = rest[..<question]
        }
        if let at = rest.lastIndex(of: "@") { rest = rest[..<at] }
        let parts = rest.split(separator: "/").map { PURL.decode(String($0)) }
        guard parts.count >= 2 else { return nil }
        type = parts[0].lowercased()
        name = parts[parts.count - 1]
        namespace = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: "/") : nil
        self.qualifiers = qualifiers
    }

    static func decode(_ text: String) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The OSV package name: Maven `group:artifact`, npm `@scope/name`, Go the module path.
    func packageName(fallback: String) -> String {
        switch type {
        case "maven": namespace.map { "\($0):\(name)" } ?? fallback
        case "npm": namespace.map { "\($0)/\(name)" } ?? name
        case "golang": namespace.map { "\($0)/\(name)" } ?? name
        case "composer": namespace.map { "\($0)/\(name)" } ?? name
        default: name
        }
    }

    /// The OSV ecosystem: language types by name; distribution types from the SBOM's operating system, else the
    /// `distro` qualifier (`debian-12` → `Debian:12`, `alpine-3.20` → `Alpine:v3.20`).
    func ecosystem(system: String?) -> String? {
        switch type {
        case "pypi": return "PyPI"
        case "npm": return "npm"
        case "golang": return "Go"
        case "maven": return "Maven"
        case "gem": return "RubyGems"
        case "composer": return "Packagist"
        case "cargo": return "crates.io"
        case "nuget": return "NuGet"
        case "deb", "apk", "rpm":
            if let system { return system }
            guard let distro = qualifiers["distro"] else { return nil }
            let parts = distro.split(separator: "-", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return nil }
            switch parts[0] {
            case "debian": return "Debian:\(parts[1].split(separator: ".").first ?? "")"
            case "ubuntu": return "Ubuntu:\(parts[1])"
            case "alpine":
                let version = parts[1].split(separator: ".").prefix(2).joined(separator: ".")
                return "Alpine:v\(version)"
            default: return nil
            }
        default: return nil
        }
    }
}
