import Foundation

/// What the API and the pages show.
public struct ImageSummary: Sendable, Codable, Hashable {
    public var digest: String
    public var repository: String
    public var tags: [String]
    public var state: String
    public var platform: String?
    public var indexDigest: String?
    public var scannedAt: Int64?
    public var scanMilliseconds: Int64?
    /// Vulnerabilities by severity (critical, high, medium, low, unknown).
    public var vulnerabilities: [String: Int]
    public var findings: Int
    public var error: String?
}

public struct ImageVulnerability: Sendable, Codable, Hashable {
    public var id: String
    public var aliases: [String]
    public var severity: String
    public var package: String
    public var version: String
    public var ecosystem: String
    public var fixed: String?
    public var summary: String?
    public var layer: String?
    public var createdBy: String?
    public var fromBase: Bool
}

public struct ImageDetail: Sendable, Codable, Hashable {
    public var summary: ImageSummary
    public var configDigest: String?
    public var layers: [StoredLayer]
    public var packages: [ImagePackage]
    public var vulnerabilities: [ImageVulnerability]
    public var findings: [StoredFinding]
    /// The platform manifests of an index.
    public var children: [String]
}

/// One practice's findings across the registry (the overview page).
public struct PracticeSummary: Sendable, Codable, Hashable {
    public var practice: String
    /// Images with at least one finding of the practice.
    public var images: Int
    /// Findings by severity.
    public var findings: [String: Int]
}

public struct RepositorySummary: Sendable, Codable, Hashable {
    public var name: String
    public var tags: Int
    public var images: Int
}

public struct VulnerabilitySummary: Sendable, Codable, Hashable {
    public var id: String
    public var severity: String
    public var images: Int
    public var packages: [String]
    public var fixed: Bool
}

extension ServeStore {
    static let severityRank =
        "CASE pv.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END"

    public func repositories() async throws -> [RepositorySummary] {
        try await database.transaction { connection in
            try await connection.query(
                "SELECT i.repository, (SELECT COUNT(*) FROM tags t WHERE t.repository = i.repository), COUNT(*) "
                    + "FROM images i WHERE i.state <> 'gone' GROUP BY i.repository ORDER BY i.repository"
            ).map {
                RepositorySummary(
                    name: $0[0].text ?? "", tags: Int($0[1].integer ?? 0), images: Int($0[2].integer ?? 0))
            }
        }
    }

    /// The images (platform manifests and indexes) not gone, optionally of one repository or only `digests`; worst
    /// first, at most `limit`. With `digests` every query is limited to them (an image's page reads its own rows,
    /// not the registry's).
    public func images(repository: String? = nil, digests: [String]? = nil, limit: Int? = nil) async throws
        -> [ImageSummary]
    {
        try await database.transaction { connection in
            let columns =
                "SELECT digest, repository, state, platform, index_digest, scanned_at, scan_ms, error FROM images"
            var rows: [SQLRow] = []
            if let digests {
                for chunk in Self.chunks(Array(Set(digests))) {
                    rows += try await connection.query(
                        columns + " WHERE state <> 'gone' AND digest IN (\(Self.marks(chunk.count)))",
                        chunk.map(SQLValue.text))
                }
            } else if let repository {
                rows = try await connection.query(
                    columns + " WHERE state <> 'gone' AND repository = ?", .text(repository))
            } else {
                rows = try await connection.query(columns + " WHERE state <> 'gone'")
            }
            if digests != nil, let repository { rows.removeAll { $0[1].text != repository } }
            var images = rows.map { row in
                ImageSummary(
                    digest: row[0].text ?? "", repository: row[1].text ?? "", tags: [], state: row[2].text ?? "",
                    platform: row[3].text, indexDigest: row[4].text, scannedAt: row[5].integer,
                    scanMilliseconds: row[6].integer, vulnerabilities: [:], findings: 0, error: row[7].text)
            }
            var tags: [String: [String]] = [:]
            var counts: [String: [String: Int]] = [:]
            var findings: [String: Int] = [:]
            // One pass over the whole registry, or one a chunk of the digests asked for.
            let scopes: [[String]?] =
                digests == nil
                ? [nil] : Self.chunks(Array(Set(images.map(\.digest) + images.compactMap(\.indexDigest))))
            for scope in scopes {
                let filter = { (column: String) in scope.map { " WHERE \(column) IN (\(Self.marks($0.count)))" } ?? "" }
                let binds = scope?.map(SQLValue.text) ?? []
                for row in try await connection.query(
                    "SELECT digest, repository, tag FROM tags\(filter("digest")) ORDER BY repository, tag", binds)
                {
                    tags[row[0].text ?? "", default: []].append("\(row[1].text ?? ""):\(row[2].text ?? "")")
                }
                for row in try await connection.query(
                    "SELECT digest, critical, high, medium, low, unknown, findings FROM image_counts"
                        + filter("digest"), binds)
                {
                    let digest = row[0].text ?? ""
                    var bySeverity: [String: Int] = [:]
                    for (column, severity) in ["critical", "high", "medium", "low", "unknown"].enumerated() {
                        let count = Int(row[column + 1].integer ?? 0)
                        if count > 0 { bySeverity[severity] = count }
                    }
                    counts[digest] = bySeverity
                    findings[digest] = Int(row[6].integer ?? 0)
                }
            }
            for index in images.indices {
                let image = images[index]
                images[index].tags = (tags[image.digest] ?? []) + (image.indexDigest.flatMap { tags[$0] } ?? [])
                images[index].vulnerabilities = counts[image.digest] ?? [:]
                images[index].findings = findings[image.digest] ?? 0
            }
            let sorted = images.sorted { left, right in
                let (a, b) = (Self.weight(left), Self.weight(right))
                return a != b
                    ? b.lexicographicallyPrecedes(a) : (left.repository, left.digest) < (right.repository, right.digest)
            }
            return limit.map { Array(sorted.prefix($0)) } ?? sorted
        }
    }

    /// Findings across the registry by practice: images with at least one, and findings by severity.
    public func practices() async throws -> [PracticeSummary] {
        try await database.transaction { connection in
            var byPractice: [String: PracticeSummary] = [:]
            for row in try await connection.query(
                "SELECT f.practice, f.severity, COUNT(*) FROM image_findings f "
                    + "JOIN images i ON i.digest = f.digest WHERE i.state = 'scanned' GROUP BY f.practice, f.severity")
            {
                let practice = row[0].text ?? ""
                var summary = byPractice[practice] ?? PracticeSummary(practice: practice, images: 0, findings: [:])
                summary.findings[row[1].text ?? "", default: 0] += Int(row[2].integer ?? 0)
                byPractice[practice] = summary
            }
            for row in try await connection.query(
                "SELECT f.practice, COUNT(DISTINCT f.digest) FROM image_findings f JOIN images i ON i.digest = f.digest "
                    + "WHERE i.state = 'scanned' GROUP BY f.practice")
            {
                byPractice[row[0].text ?? ""]?.images = Int(row[1].integer ?? 0)
            }
            return byPractice.values.sorted { ($1.images, $0.practice) < ($0.images, $1.practice) }
        }
    }

    /// `?, ?, …` for an `IN` list of `count` values.
    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// Values in chunks of 500 (SQLite and PostgreSQL both take that many binds in one statement).
    static func chunks(_ values: [String]) -> [[String]] {
        stride(from: 0, to: values.count, by: 500).map { Array(values[$0..<min(values.count, $0 + 500)]) }
    }

    static func weight(_ image: ImageSummary) -> [Int] {
        ["critical", "high", "medium", "low", "unknown"].map { image.vulnerabilities[$0] ?? 0 } + [image.findings]
    }

    /// One image with its layers, packages, vulnerabilities and findings; nil when unknown.
    public func image(digest: String) async throws -> ImageDetail? {
        guard let summary = try await images(digests: [digest]).first else { return nil }
        return try await database.transaction { connection in
            let row = try await connection.query(
                "SELECT config_digest, layers FROM images WHERE digest = ?", .text(digest)
            ).first
            let layers = (row?[1].text).flatMap { try? JSONDecoder().decode([StoredLayer].self, from: Data($0.utf8)) }
            let packages = try await connection.query(
                "SELECT p.ecosystem, p.name, p.version, p.source_name, p.source_version, p.owned_by, p.purl, "
                    + "ip.layer, ip.created_by, ip.from_base, ip.location FROM image_packages ip "
                    + "JOIN packages p ON p.id = ip.package_id WHERE ip.digest = ? ORDER BY p.name, p.version",
                .text(digest)
            ).map { row in
                ImagePackage(
                    package: PackageKey(
                        ecosystem: row[0].text ?? "", name: row[1].text ?? "", version: row[2].text ?? "",
                        sourceName: row[3].text, sourceVersion: row[4].text, ownedBy: row[5].text, purl: row[6].text),
                    layer: row[7].text, createdBy: row[8].text, fromBase: row[9].integer == 1, location: row[10].text)
            }
            let vulnerabilities = try await connection.query(
                "SELECT pv.vuln_id, pv.aliases, pv.severity, p.name, p.version, p.ecosystem, pv.fixed, pv.summary, "
                    + "ip.layer, ip.created_by, ip.from_base FROM image_packages ip "
                    + "JOIN package_vulns pv ON pv.package_id = ip.package_id JOIN packages p ON p.id = ip.package_id "
                    + "WHERE ip.digest = ? ORDER BY \(Self.severityRank) DESC, pv.vuln_id, p.name", .text(digest)
            ).map { row in
                ImageVulnerability(
                    id: row[0].text ?? "", aliases: (row[1].text ?? "").split(separator: " ").map(String.init),
                    severity: row[2].text ?? "", package: row[3].text ?? "", version: row[4].text ?? "",
                    ecosystem: row[5].text ?? "", fixed: row[6].text, summary: row[7].text, layer: row[8].text,
                    createdBy: row[9].text, fromBase: row[10].integer == 1)
            }
            let findings = try await connection.query(
                "SELECT rule, name, practice, severity, message, layer, path FROM image_findings WHERE digest = ? "
                    + "ORDER BY practice, rule", .text(digest)
            ).map { row in
                StoredFinding(
                    rule: row[0].text ?? "", name: row[1].text ?? "", practice: row[2].text ?? "",
                    severity: row[3].text ?? "", message: row[4].text ?? "", layer: row[5].text, path: row[6].text)
            }
            let children = try await connection.query(
                "SELECT digest FROM images WHERE index_digest = ? ORDER BY digest", .text(digest)
            ).compactMap { $0[0].text }
            return ImageDetail(
                summary: summary, configDigest: row?[0].text, layers: layers ?? [], packages: packages,
                vulnerabilities: vulnerabilities, findings: findings, children: children)
        }
    }

    /// The vulnerabilities across the registry, the most images first.
    public func vulnerabilities(limit: Int = 500) async throws -> [VulnerabilitySummary] {
        try await database.transaction { connection in
            try await connection.query(
                "SELECT vuln_id, severity_rank, images, fixed FROM vuln_counts WHERE images > 0 "
                    + "ORDER BY severity_rank DESC, images DESC, vuln_id LIMIT ?", .integer(Int64(limit))
            ).map { row in
                let names = ["unknown", "low", "medium", "high", "critical"]
                let rank = Int(row[1].integer ?? 0)
                return VulnerabilitySummary(
                    id: row[0].text ?? "", severity: names[max(0, min(4, rank))], images: Int(row[2].integer ?? 0),
                    packages: [], fixed: row[3].integer == 1)
            }
        }
    }

    /// The digests of the images that have vulnerability `id` (or an alias of it), or package `name`.
    public func digests(vulnerability: String? = nil, package: String? = nil) async throws -> [String] {
        try await database.transaction { connection in
            if let vulnerability {
                return try await connection.query(
                    "SELECT DISTINCT ip.digest FROM package_vulns pv JOIN image_packages ip "
                        + "ON ip.package_id = pv.package_id WHERE pv.vuln_id = ? OR ' ' || pv.aliases || ' ' LIKE ? "
                        + "ORDER BY ip.digest", .text(vulnerability), .text("% \(vulnerability) %")
                ).compactMap { $0[0].text }
            }
            return try await connection.query(
                "SELECT DISTINCT ip.digest FROM image_packages ip JOIN packages p ON p.id = ip.package_id "
                    + "WHERE p.name = ? ORDER BY ip.digest", .text(package ?? "")
            ).compactMap { $0[0].text }
        }
    }
}
