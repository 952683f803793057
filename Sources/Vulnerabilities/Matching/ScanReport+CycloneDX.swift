import Findings

extension ScanReport {
    /// CycloneDX 1.6 JSON: every package checked as a component (its purl as `bom-ref`, the layer and history entry
    /// as `shipshape:` properties), and `vulnerabilities[]`, one per vulnerability with its aliases as
    /// `references`, the rating (our CVSS score and vector, else the database's word), the advice as
    /// `recommendation` and `affects[].ref` pointing at the components. Suppressed matches carry `analysis`:
    /// VEX `not_affected` as `not_affected`, `fixed` as `resolved`, an ignore entry as `exploitable` with the
    /// response `will_not_fix` (a risk accepted until a date, with the reason as `detail`).
    public var cycloneDX: JSONValue {
        var packages = self.packages
        for match in matches + suppressed.map(\.match) where !packages.contains(match.package) {
            packages.append(match.package)
        }
        var references: [PackageQuery: String] = [:]
        var used = Set<String>()
        var components: [JSONValue] = []
        for package in packages where references[package] == nil {
            let base = package.purl ?? "pkg:generic/\(package.name)@\(package.version)"
            var reference = base
            var counter = 2
            while !used.insert(reference).inserted {
                reference = "\(base)#\(counter)"
                counter += 1
            }
            references[package] = reference
            var properties: [JSONValue] = [Self.property("shipshape:osv-ecosystem", package.ecosystem)]
            if let source = package.sourceName { properties.append(Self.property("shipshape:source-name", source)) }
            if let version = package.sourceVersion {
                properties.append(Self.property("shipshape:source-version", version))
            }
            if let layer = package.layer { properties.append(Self.property("shipshape:layer-diff-id", layer)) }
            if let createdBy = package.createdBy {
                properties.append(Self.property("shipshape:layer-created-by", createdBy))
            }
            var component: [String: JSONValue] = [
                "type": .string("library"), "bom-ref": .string(reference), "name": .string(package.name),
                "version": .string(package.version), "properties": .array(properties),
            ]
            if let purl = package.purl { component["purl"] = .string(purl) }
            components.append(.object(component))
        }
        // One vulnerability entry per id (and suppression state), affecting every package that has it.
        var order: [String] = []
        var groups: [String: [(VulnerabilityMatch, Suppression?)]] = [:]
        for (match, suppression) in matches.map({ ($0, Suppression?.none) })
            + suppressed.map({ ($0.match, $0.suppression) })
        {
            let key = match.id + "\u{0}" + (suppression.map { "\($0.kind.rawValue)\u{0}\($0.status)" } ?? "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((match, suppression))
        }
        var vulnerabilities: [JSONValue] = []
        for key in order {
            guard let group = groups[key], let (first, suppression) = group.first else { continue }
            let strongest =
                group.map(\.0).max { ($0.severity, $0.score ?? -1) < ($1.severity, $1.score ?? -1) } ?? first
            var rating: [String: JSONValue] = [
                "source": .object(["name": .string("shipshape")]), "severity": .string(strongest.severity.rawValue),
            ]
            if let score = strongest.score, let vector = strongest.vector {
                rating["score"] = .double(score)
                rating["vector"] = .string(vector)
                rating["method"] = .string(
                    vector.hasPrefix("CVSS:4.0/") ? "CVSSv4" : vector.hasPrefix("CVSS:3.0/") ? "CVSSv3" : "CVSSv31")
            } else {
                rating["method"] = .string("other")
            }
            var affects: [JSONValue] = []
            for (match, _) in group {
                guard let reference = references[match.package] else { continue }
                affects.append(
                    .object([
                        "ref": .string(reference),
                        "versions": .array([
                            .object(["version": .string(match.package.version), "status": .string("affected")])
                        ]),
                    ]))
            }
            var vulnerability: [String: JSONValue] = [
                "bom-ref": .string("vulnerability:\(first.id)" + (suppression.map { ":\($0.kind.rawValue)" } ?? "")),
                "id": .string(first.id), "source": Self.source(first),
                "references": .array(
                    first.aliases.map { alias in .object(["id": .string(alias), "source": Self.source(alias)]) }),
                "ratings": .array([.object(rating)]), "recommendation": .string(first.advice),
                "affects": .array(affects),
            ]
            if let summary = first.summary { vulnerability["description"] = .string(summary) }
            if let fixed = first.fixedVersion {
                vulnerability["properties"] = .array([Self.property("shipshape:fixed-version", fixed)])
            }
            if let suppression { vulnerability["analysis"] = Self.analysis(suppression) }
            vulnerabilities.append(.object(vulnerability))
        }
        return .object([
            "bomFormat": .string("CycloneDX"), "specVersion": .string("1.6"), "version": .int(1),
            "metadata": .object([
                "tools": .object([
                    "components": .array([
                        .object([
                            "type": .string("application"), "name": .string("shipshape"),
                            "version": .string(toolVersion),
                        ])
                    ])
                ]),
                "component": .object([
                    "type": .string("container"), "bom-ref": .string("scanned"),
                    "name": .string(target.isEmpty ? "image" : target),
                ]),
            ]),
            "components": .array(components), "vulnerabilities": .array(vulnerabilities),
        ])
    }

    static func property(_ name: String, _ value: String) -> JSONValue {
        .object(["name": .string(name), "value": .string(value)])
    }

    /// The database a vulnerability id comes from, by its prefix.
    static func source(_ id: String) -> JSONValue {
        let name =
            if id.hasPrefix("CVE-") { "NVD" } else if id.hasPrefix("GHSA-") { "GitHub" } else { "OSV" }
        let url =
            if id.hasPrefix("CVE-") { "https://nvd.nist.gov/vuln/detail/\(id)" } else if id.hasPrefix("GHSA-") {
                "https://github.com/advisories/\(id)"
            } else { "https://osv.dev/vulnerability/\(id)" }
        return .object(["name": .string(name), "url": .string(url)])
    }

    static func source(_ match: VulnerabilityMatch) -> JSONValue {
        guard let reference = match.reference else { return source(match.id) }
        return .object(["name": .string("OSV"), "url": .string(reference)])
    }

    static func analysis(_ suppression: Suppression) -> JSONValue {
        var object: [String: JSONValue] = [:]
        switch (suppression.kind, suppression.status) {
        case (.ignore, _):
            object["state"] = .string("exploitable")
            object["response"] = .array([.string("will_not_fix")])
        case (.vex, "fixed"), (.vex, "resolved"): object["state"] = .string("resolved")
        case (.vex, "false_positive"): object["state"] = .string("false_positive")
        case (.vex, "resolved_with_pedigree"): object["state"] = .string("resolved_with_pedigree")
        default: object["state"] = .string("not_affected")
        }
        object["detail"] = .string(suppression.text)
        return .object(object)
    }
}
