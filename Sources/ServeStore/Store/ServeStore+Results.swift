import Foundation

/// Recording a worker's results, the layer cache, and the re-match of stored inventories.
extension ServeStore {
    /// The layer cache: what the package pass kept of a layer, by layer digest and analyser version.
    public func cachedLayer(digest: String, analyser: String) async throws -> [UInt8]? {
        try await database.transaction { connection in
            try await connection.query(
                "SELECT scan FROM layer_cache WHERE digest = ? AND analyser = ?", .text(digest), .text(analyser)
            ).first?.first?.blob
        }
    }

    public func storeLayer(digest: String, analyser: String, scan: [UInt8], now: Int64) async throws {
        try await database.transaction { connection in
            try await connection.execute(
                "INSERT INTO layer_cache (digest, analyser, scan, created_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (digest, analyser) DO UPDATE SET scan = excluded.scan", .text(digest),
                .text(analyser),
                .blob(scan), .integer(now))
        }
    }

    /// Records one platform manifest's scan and ends its job, in one transaction; false (nothing written) when the
    /// job is no longer this worker's: a worker whose lease expired never records a result twice.
    public func record(_ result: ScanResult, job: Int64, worker: String, now: Int64) async throws -> Bool {
        try await database.transaction { connection in
            let owned = try await connection.query(
                "UPDATE jobs SET state = 'done', updated_at = ? WHERE id = ? AND worker = ? AND state = 'running' "
                    + "RETURNING id", .integer(now), .integer(job), .text(worker))
            guard !owned.isEmpty else { return false }
            try await Self.write(result, now: now, connection)
            return true
        }
    }

    /// Writes a result without a job (the bench fills the store this way).
    public func record(_ result: ScanResult, now: Int64) async throws {
        try await database.transaction { connection in
            try await Self.noteImage(
                digest: result.digest, repository: result.repository, mediaType: result.mediaType,
                indexDigest: result.indexDigest, now, connection)
            try await Self.write(result, now: now, connection)
        }
    }

    static func write(_ result: ScanResult, now: Int64, _ connection: any SQLConnection) async throws {
        let generation = try await generation(connection)
        let digest = SQLValue.text(result.digest)
        let before = Set(
            try await connection.query(
                "SELECT pv.vuln_id, ip.package_id FROM image_packages ip "
                    + "JOIN package_vulns pv ON pv.package_id = ip.package_id WHERE ip.digest = ?", digest
            ).map { "\($0[0].text ?? "")/\($0[1].integer ?? 0)" })
        try await connection.execute("DELETE FROM image_packages WHERE digest = ?", digest)
        try await connection.execute("DELETE FROM image_findings WHERE digest = ?", digest)
        var imageRows: [[SQLValue]] = []
        var vulnRows: [[SQLValue]] = []
        var matched: [SQLValue] = []
        var seen: Set<Int64> = []
        var new: [FindingNotification.Finding] = []
        let ids = try await packageIDs(result.packages.map(\.package), connection)
        for item in result.packages {
            guard let id = ids[item.package.key], seen.insert(id).inserted else { continue }
            imageRows.append([
                digest, .integer(id), item.layer.map(SQLValue.text) ?? .null,
                item.createdBy.map(SQLValue.text) ?? .null, .integer(item.fromBase ? 1 : 0),
                item.location.map(SQLValue.text) ?? .null,
            ])
            guard let vulnerabilities = result.vulnerabilities[item.package] else { continue }
            matched.append(.integer(id))
            var ofPackage: Set<String> = []
            for vulnerability in vulnerabilities where ofPackage.insert(vulnerability.id).inserted {
                vulnRows.append(vulnRow(id, vulnerability, generation))
                if !before.contains("\(vulnerability.id)/\(id)") {
                    new.append(
                        .init(
                            vulnerability: vulnerability.id, severity: vulnerability.severity,
                            package: item.package.name, version: item.package.version, fixed: vulnerability.fixed))
                }
            }
        }
        try await connection.executeMany(
            "INSERT INTO image_packages (digest, package_id, layer, created_by, from_base, location) "
                + "VALUES (?, ?, ?, ?, ?, ?)", imageRows)
        try await connection.executeMany(upsertVuln, vulnRows)
        try await connection.executeMany(
            "DELETE FROM package_vulns WHERE package_id = ? AND seen_generation < ?",
            matched.map { [$0, .integer(generation)] })
        try await connection.executeMany(
            "INSERT INTO image_findings (digest, rule, name, practice, severity, message, layer, path) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            result.findings.map { finding in
                [
                    digest, .text(finding.rule), .text(finding.name), .text(finding.practice), .text(finding.severity),
                    .text(finding.message), finding.layer.map(SQLValue.text) ?? .null,
                    finding.path.map(SQLValue.text) ?? .null,
                ]
            })
        let layers = String(decoding: try JSONEncoder().encode(result.layers), as: UTF8.self)
        try await connection.execute(
            "UPDATE images SET state = 'scanned', media_type = COALESCE(?, media_type), config_digest = ?, "
                + "platform = COALESCE(?, platform), index_digest = COALESCE(?, index_digest), layers = ?, "
                + "error = NULL, analyser = ?, scanned_at = ?, scan_ms = ? WHERE digest = ?",
            result.mediaType.map(SQLValue.text) ?? .null, result.configDigest.map(SQLValue.text) ?? .null,
            result.platform.map(SQLValue.text) ?? .null, result.indexDigest.map(SQLValue.text) ?? .null,
            .text(layers), .text(result.analyser), .integer(now), .integer(result.milliseconds), digest)
        try await refreshCounts(
            digests: [result.digest], vulnerabilities: Set(before.map { String($0.prefix { $0 != "/" }) }), connection)
        if !new.isEmpty {
            let tags = try await tagsOf(result.digest, indexDigest: result.indexDigest, connection)
            try await notify(
                digest: result.digest, repository: result.repository, tags: tags, reason: "scan", findings: new,
                now: now, connection)
        }
    }

    static let upsertVuln =
        "INSERT INTO package_vulns (package_id, vuln_id, aliases, severity, score, fixed, summary, "
        + "first_generation, seen_generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        + "ON CONFLICT (package_id, vuln_id) DO UPDATE SET aliases = excluded.aliases, severity = excluded.severity, "
        + "score = excluded.score, fixed = excluded.fixed, summary = excluded.summary, "
        + "seen_generation = excluded.seen_generation"

    static func vulnRow(_ package: Int64, _ vulnerability: StoredVulnerability, _ generation: Int64) -> [SQLValue] {
        [
            .integer(package), .text(vulnerability.id), .text(vulnerability.aliases.joined(separator: " ")),
            .text(vulnerability.severity), vulnerability.score.map(SQLValue.text) ?? .null,
            vulnerability.fixed.map(SQLValue.text) ?? .null,
            vulnerability.summary.map { SQLValue.text(String($0.prefix(500))) } ?? .null, .integer(generation),
            .integer(generation),
        ]
    }

    /// The ids of `packages`, inserting the ones not stored yet: one `SELECT … IN` and one multi-row `INSERT` a
    /// chunk of 500, not two statements a package (an image holds hundreds).
    static func packageIDs(_ packages: [PackageKey], _ connection: any SQLConnection) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        let distinct = Array(Set(packages.map(\.key)))
        var start = 0
        while start < distinct.count {
            let chunk = Array(distinct[start..<min(distinct.count, start + 500)])
            start += chunk.count
            let marks = Self.marks(chunk.count)
            for row in try await connection.query(
                "SELECT key, id FROM packages WHERE key IN (\(marks))", chunk.map(SQLValue.text))
            {
                if let key = row[0].text, let id = row[1].integer { ids[key] = id }
            }
        }
        var missing: [PackageKey] = []
        var queued: Set<String> = []
        for package in packages where ids[package.key] == nil && queued.insert(package.key).inserted {
            missing.append(package)
        }
        start = 0
        while start < missing.count {
            let chunk = missing[start..<min(missing.count, start + 500)]
            start += chunk.count
            let tuples = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let rows = try await connection.query(
                "INSERT INTO packages (key, ecosystem, name, version, source_name, source_version, owned_by, purl) "
                    + "VALUES \(tuples) ON CONFLICT (key) DO UPDATE SET purl = excluded.purl RETURNING key, id",
                chunk.flatMap(packageRow))
            for row in rows {
                if let key = row[0].text, let id = row[1].integer { ids[key] = id }
            }
        }
        for package in packages where ids[package.key] == nil {
            throw StoreError.statement("INSERT INTO packages", reason: "no id returned for \(package.key)")
        }
        return ids
    }

    static func packageRow(_ package: PackageKey) -> [SQLValue] {
        [
            .text(package.key), .text(package.ecosystem), .text(package.name), .text(package.version),
            package.sourceName.map(SQLValue.text) ?? .null, package.sourceVersion.map(SQLValue.text) ?? .null,
            package.ownedBy.map(SQLValue.text) ?? .null, package.purl.map(SQLValue.text) ?? .null,
        ]
    }

    static func tagsOf(_ digest: String, indexDigest: String?, _ connection: any SQLConnection) async throws
        -> [String]
    {
        try await connection.query(
            "SELECT repository, tag FROM tags WHERE digest = ? OR digest = ? ORDER BY repository, tag", .text(digest),
            .text(indexDigest ?? digest)
        ).map { "\($0[0].text ?? ""):\($0[1].text ?? "")" }
    }

    /// Queues one webhook delivery in the outbox; the idempotency key (digest, reason, the finding ids) makes a
    /// second write of the same news a no-op, and the receiver can drop a redelivery.
    static func notify(
        digest: String, repository: String, tags: [String], reason: String,
        findings: [FindingNotification.Finding], now: Int64, _ connection: any SQLConnection
    ) async throws {
        try await connection.executeMany(
            insertNotification,
            [
                try notificationRow(
                    digest: digest, repository: repository, tags: tags, reason: reason, findings: findings, now: now)
            ])
    }

    static let insertNotification =
        "INSERT INTO notifications (key, digest, payload, state, next_at, created_at) "
        + "VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING"

    /// One outbox row (`insertNotification`'s binds).
    static func notificationRow(
        digest: String, repository: String, tags: [String], reason: String,
        findings: [FindingNotification.Finding], now: Int64
    ) throws -> [SQLValue] {
        let sorted = findings.sorted { ($0.vulnerability, $0.package) < ($1.vulnerability, $1.package) }
        let key = "\(digest):\(reason):" + StableHash.hex(sorted.map { "\($0.vulnerability)/\($0.package)" })
        let payload = FindingNotification(
            idempotencyKey: key, digest: digest, repository: repository, tags: tags, reason: reason, findings: sorted)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(payload), as: UTF8.self)
        return [.text(key), .text(digest), .text(text), .integer(now), .integer(now)]
    }
}

/// FNV-1a 64 over the parts: a short, stable key (not a security boundary; the receiver only compares keys).
enum StableHash {
    static func hex(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0x0a
            hash = hash &* 0x100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
