/// One statement of a VEX document: what its author says about a vulnerability in some products.
public struct VEXStatement: Sendable, Hashable {
    /// The vulnerability's name and aliases.
    public var vulnerabilities: [String]
    /// The package URLs it is about (products and subcomponents); empty for every package of the image.
    public var products: [String]
    /// The status as the document writes it: OpenVEX `not_affected`, `affected`, `fixed`, `under_investigation`;
    /// CycloneDX `not_affected`, `false_positive`, `resolved`, `exploitable`, `in_triage`, ….
    public var status: String
    public var justification: String?
    /// The statement's time (RFC 3339), for choosing among statements about the same thing: the latest wins.
    public var timestamp: String
    /// Its position in the document, for ties and for messages.
    public var position: Int

    /// Whether the status means the package is not exploitable as shipped: OpenVEX `not_affected` and `fixed`,
    /// CycloneDX `not_affected`, `false_positive`, `resolved` and `resolved_with_pedigree`.
    public var suppresses: Bool {
        ["not_affected", "fixed", "false_positive", "resolved", "resolved_with_pedigree"].contains(status)
    }

    func names(_ match: VulnerabilityMatch) -> Bool {
        let ids = Set([match.id] + match.aliases + match.records)
        return vulnerabilities.contains { ids.contains($0) }
    }

    func covers(_ package: PackageQuery) -> Bool {
        let packageProducts = products.filter { !PackageURL.isImage($0) }
        // A statement about the image alone (an OCI or Docker purl, no subcomponent) covers all its packages.
        if packageProducts.isEmpty { return true }
        let identity = package.purl.flatMap(PackageURL.init) ?? PackageURL(query: package)
        return packageProducts.contains { text in PackageURL(text).map { $0.covers(identity) } ?? false }
    }
}

/// A VEX document for `scan --vex FILE`: OpenVEX (v0.0.1 and v0.2.0: `statements[]` with `vulnerability`,
/// `products`, `status`, `justification`) or CycloneDX VEX (`vulnerabilities[]` with `analysis.state` and
/// `affects[].ref`, resolved through `components[].bom-ref`).
public struct VEXDocument: Sendable, Hashable {
    public var file: String
    public var statements: [VEXStatement]

    public init(file: String, statements: [VEXStatement]) {
        self.file = file
        self.statements = statements
    }

    public init(parsing bytes: [UInt8], file: String) throws(DatabaseError) {
        let document: Document
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .invalid(path: file, reason: "not JSON: \(error)")
        }
        self.file = file
        if let statements = document["statements"]?.array {
            self.statements = try Self.openVEX(statements, timestamp: document["timestamp"]?.string ?? "", file: file)
        } else if document["bomFormat"]?.string == "CycloneDX" {
            self.statements = Self.cycloneDX(document)
        } else {
            throw .invalid(path: file, reason: "neither an OpenVEX document (statements) nor a CycloneDX VEX BOM")
        }
    }

    /// The statement that decides about `match`: of those naming its vulnerability and covering its package, the
    /// latest (by timestamp, then by position).
    public func statement(for match: VulnerabilityMatch) -> VEXStatement? {
        statements.filter { $0.names(match) && $0.covers(match.package) }.max {
            ($0.timestamp, $0.position) < ($1.timestamp, $1.position)
        }
    }

    static func openVEX(_ statements: [Document], timestamp: String, file: String) throws(DatabaseError)
        -> [VEXStatement]
    {
        var out: [VEXStatement] = []
        for (position, statement) in statements.enumerated() {
            var names: [String] = []
            // v0.0.1: "vulnerability": "CVE-…"; v0.2.0: {"name": …, "@id": …, "aliases": […]}.
            if let name = statement["vulnerability"]?.string {
                names.append(name)
            } else if let vulnerability = statement["vulnerability"] {
                names += [vulnerability["name"]?.string, vulnerability["@id"]?.string].compactMap { $0 }
                names += vulnerability["aliases"]?.array?.compactMap(\.string) ?? []
            }
            guard !names.isEmpty else {
                throw .invalid(path: file, reason: "statement \(position + 1) names no vulnerability")
            }
            guard let status = statement["status"]?.string else {
                throw .invalid(path: file, reason: "statement \(position + 1) (\(names[0])) has no status")
            }
            var products: [String] = []
            for product in statement["products"]?.array ?? [] {
                if let text = product.string {
                    products.append(text)
                    continue
                }
                if let id = product["@id"]?.string { products.append(id) }
                if let purl = product["identifiers"]?["purl"]?.string { products.append(purl) }
                for sub in product["subcomponents"]?.array ?? [] {
                    if let id = sub["@id"]?.string ?? sub.string { products.append(id) }
                    if let purl = sub["identifiers"]?["purl"]?.string { products.append(purl) }
                }
            }
            for sub in statement["subcomponents"]?.array ?? [] {
                if let id = sub["@id"]?.string ?? sub.string { products.append(id) }
            }
            let justification = [statement["justification"]?.string, statement["impact_statement"]?.string]
                .compactMap { $0 }.joined(separator: ": ")
            out.append(
                VEXStatement(
                    vulnerabilities: names, products: products, status: status,
                    justification: justification.isEmpty ? nil : justification,
                    timestamp: statement["timestamp"]?.string ?? timestamp, position: position))
        }
        return out
    }

    static func cycloneDX(_ document: Document) -> [VEXStatement] {
        var references: [String: String] = [:]
        var pending = document["components"]?.array ?? []
        while let component = pending.popLast() {
            if let reference = component["bom-ref"]?.string, let purl = component["purl"]?.string {
                references[reference] = purl
            }
            pending += component["components"]?.array ?? []
        }
        var out: [VEXStatement] = []
        for (position, vulnerability) in (document["vulnerabilities"]?.array ?? []).enumerated() {
            guard let id = vulnerability["id"]?.string, let analysis = vulnerability["analysis"],
                let state = analysis["state"]?.string
            else { continue }
            let names = [id] + (vulnerability["references"]?.array?.compactMap { $0["id"]?.string } ?? [])
            let products = (vulnerability["affects"]?.array ?? []).compactMap { affect -> String? in
                guard let reference = affect["ref"]?.string else { return nil }
                return references[reference] ?? reference
            }
            let justification = [analysis["justification"]?.string, analysis["detail"]?.string].compactMap { $0 }
                .joined(separator: ": ")
            out.append(
                VEXStatement(
                    vulnerabilities: names, products: products, status: state,
                    justification: justification.isEmpty ? nil : justification,
                    timestamp: analysis["lastUpdated"]?.string ?? "", position: position))
        }
        return out
    }
}
