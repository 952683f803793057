/// The re-match: when the advisories change, every distinct stored package is matched again (no image is pulled),
/// and what the new generation adds is notified, once per image.
extension ServeStore {
    /// Starts a re-match: the next generation.
    public func beginRematch() async throws -> Int64 {
        try await database.transaction { connection in
            let next = try await Self.generation(connection) + 1
            try await Self.setMeta("generation", String(next), connection)
            return next
        }
    }

    /// A page of the distinct packages of images that are not gone, after package id `after`.
    public func packages(after: Int64, limit: Int) async throws -> [(id: Int64, package: PackageKey)] {
        try await database.transaction { connection in
            try await connection.query(
                "SELECT id, ecosystem, name, version, source_name, source_version, owned_by, purl FROM packages "
                    + "WHERE id > ? ORDER BY id LIMIT ?", .integer(after), .integer(Int64(limit))
            ).compactMap { row in
                guard let id = row[0].integer, let ecosystem = row[1].text, let name = row[2].text,
                    let version = row[3].text
                else { return nil }
                return (
                    id,
                    PackageKey(
                        ecosystem: ecosystem, name: name, version: version, sourceName: row[4].text,
                        sourceVersion: row[5].text, ownedBy: row[6].text, purl: row[7].text)
                )
            }
        }
    }

    /// Records the matches of a page of packages under `generation` (pairs already known keep their first
    /// generation).
    public func applyMatches(_ matches: [(id: Int64, vulnerabilities: [StoredVulnerability])], generation: Int64)
        async throws
    {
        var rows: [[SQLValue]] = []
        for (id, vulnerabilities) in matches {
            // One row a pair: a multi-row upsert must not touch a row twice.
            var seen: Set<String> = []
            for vulnerability in vulnerabilities where seen.insert(vulnerability.id).inserted {
                rows.append(Self.vulnRow(id, vulnerability, generation))
            }
        }
        try await database.transaction { [rows] connection in
            try await connection.executeMany(Self.upsertVuln, rows)
        }
    }

    /// Ends a re-match: pairs the new advisories no longer support are dropped, and each image that gained
    /// findings gets one notification in the outbox. Returns how many images were notified.
    ///
    /// The new pairs are read once (each distinct package), then only the (image, package) rows of the packages
    /// that gained one; the outbox rows go in chunks, so their cost follows what changed. The registry's summaries
    /// (`image_counts`, `vuln_counts`) are rebuilt in the same transaction: one aggregate over the inventories.
    public func finishRematch(generation: Int64, now: Int64) async throws -> Int {
        try await database.transaction { connection in
            try await connection.execute(
                "DELETE FROM package_vulns WHERE seen_generation < ?", .integer(generation))
            try await Self.rebuildCounts(connection)
            var found: [Int64: [FindingNotification.Finding]] = [:]
            for row in try await connection.query(
                "SELECT pv.package_id, pv.vuln_id, pv.severity, p.name, p.version, pv.fixed FROM package_vulns pv "
                    + "JOIN packages p ON p.id = pv.package_id WHERE pv.first_generation = ?", .integer(generation))
            {
                guard let id = row[0].integer else { continue }
                found[id, default: []].append(
                    .init(
                        vulnerability: row[1].text ?? "", severity: row[2].text ?? "", package: row[3].text ?? "",
                        version: row[4].text ?? "", fixed: row[5].text))
            }
            guard !found.isEmpty else { return 0 }
            let rows = try await connection.query(
                "SELECT ip.digest, ip.package_id, i.repository, i.index_digest FROM image_packages ip "
                    + "JOIN images i ON i.digest = ip.digest WHERE i.state = 'scanned' AND ip.package_id IN "
                    + "(SELECT DISTINCT package_id FROM package_vulns WHERE first_generation = ?) ORDER BY ip.digest",
                .integer(generation))
            var tags: [String: [String]] = [:]
            for row in try await connection.query("SELECT digest, repository, tag FROM tags ORDER BY repository, tag") {
                tags[row[0].text ?? "", default: []].append("\(row[1].text ?? ""):\(row[2].text ?? "")")
            }
            var images = 0
            var pending: [[SQLValue]] = []
            var index = 0
            while index < rows.count {
                let digest = rows[index][0].text ?? ""
                let repository = rows[index][2].text ?? ""
                let indexDigest = rows[index][3].text
                var findings: [FindingNotification.Finding] = []
                while index < rows.count, rows[index][0].text ?? "" == digest {
                    findings += rows[index][1].integer.flatMap { found[$0] } ?? []
                    index += 1
                }
                let imageTags = (tags[digest] ?? []) + (indexDigest.flatMap { tags[$0] } ?? [])
                pending.append(
                    try Self.notificationRow(
                        digest: digest, repository: repository, tags: imageTags.sorted(),
                        reason: "rematch-\(generation)", findings: findings, now: now))
                images += 1
                if pending.count == 2_000 || index == rows.count {
                    try await connection.executeMany(Self.insertNotification, pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            return images
        }
    }

    /// The current match generation.
    public func generation() async throws -> Int64 {
        try await database.transaction { connection in try await Self.generation(connection) }
    }
}

/// The webhook outbox: deliveries claimed with a short lease (so two processes do not send the same one at once),
/// retried with exponential backoff.
extension ServeStore {
    public struct Delivery: Sendable, Hashable {
        public var id: Int64
        public var key: String
        public var payload: String
        public var attempts: Int64
    }

    /// The next due delivery, leased for `lease` seconds.
    public func claimDelivery(now: Int64, lease: Int64) async throws -> Delivery? {
        let lock = database.dialect.skipLocked
        return try await database.transaction { connection in
            let rows = try await connection.query(
                "UPDATE notifications SET next_at = ?, attempts = attempts + 1 WHERE id = (SELECT id FROM "
                    + "notifications WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT 1\(lock)) "
                    + "RETURNING id, key, payload, attempts", .integer(now + lease), .integer(now))
            guard let row = rows.first, let id = row[0].integer, let key = row[1].text, let payload = row[2].text
            else { return nil }
            return Delivery(id: id, key: key, payload: payload, attempts: row[3].integer ?? 1)
        }
    }

    /// A delivery the receiver accepted.
    public func delivered(_ id: Int64, now: Int64) async throws {
        try await database.transaction { connection in
            try await connection.execute(
                "UPDATE notifications SET state = 'sent', next_at = ? WHERE id = ?", .integer(now), .integer(id))
        }
    }

    /// A delivery that failed: tried again after `retryAfter` seconds, or given up after `maxAttempts`.
    public func deliveryFailed(_ id: Int64, error: String, retryAfter: Int64, maxAttempts: Int64, now: Int64)
        async throws
    {
        try await database.transaction { connection in
            try await connection.execute(
                "UPDATE notifications SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END, "
                    + "next_at = ?, error = ? WHERE id = ?", .integer(maxAttempts), .integer(now + retryAfter),
                .text(String(error.prefix(500))), .integer(id))
        }
    }

    /// Outbox rows by state.
    public func outboxDepth() async throws -> [String: Int] {
        try await database.transaction { connection in
            var depth: [String: Int] = [:]
            for row in try await connection.query("SELECT state, COUNT(*) FROM notifications GROUP BY state") {
                if let state = row[0].text { depth[state] = Int(row[1].integer ?? 0) }
            }
            return depth
        }
    }
}
