/// The inbox: the registry's notification events, recorded set-wise (a few statements a batch, not a few an event),
/// so a group commit of many envelopes costs about what one envelope does.
extension ServeStore {
    /// Rows a multi-row statement carries at most (7 columns × 500 stays far below both databases' bind limits).
    static let inboxChunk = 500

    /// Records one envelope's events in one transaction (see `ingest(envelopes:now:)`).
    public func ingest(_ events: [RegistryEvent], now: Int64) async throws -> IngestSummary {
        try await ingest(envelopes: [events], now: now)[0]
    }

    /// Records several envelopes' events in one transaction, in order, and says what each envelope's events did: a
    /// retried event (an id already seen, or seen earlier in the batch) is dropped; a push names the tag and queues
    /// the manifest digest once (a queued digest is not queued again, only raised to push priority; one already
    /// scanned is not queued again); a delete of a tag drops the tag, of a manifest marks the image gone. On
    /// PostgreSQL a batch of pushes only, up to `inboxChunk` events, is one statement (`ingestPushesInOneStatement`).
    public func ingest(envelopes: [[RegistryEvent]], now: Int64) async throws -> [IngestSummary] {
        var repeated = Array(repeating: IngestSummary(), count: envelopes.count)
        var seen = Set<String>()
        var candidates: [(envelope: Int, event: RegistryEvent)] = []
        for (index, envelope) in envelopes.enumerated() {
            for event in envelope {
                if seen.insert(event.id).inserted {
                    candidates.append((index, event))
                } else {
                    repeated[index].duplicates += 1
                }
            }
        }
        if database.dialect == .postgres && !candidates.isEmpty && candidates.count <= Self.inboxChunk
            && candidates.allSatisfy({ $0.event.action == .push })
        {
            return try await ingestPushesInOneStatement(candidates, repeated, now)
        }
        return try await database.transaction { [repeated, candidates] connection in
            var summaries = repeated
            var fresh: [(envelope: Int, event: RegistryEvent)] = []
            let newIDs = try await Self.insertEventIDs(candidates.map(\.event.id), now, connection)
            for candidate in candidates {
                if newIDs.contains(candidate.event.id) {
                    summaries[candidate.envelope].accepted += 1
                    fresh.append(candidate)
                } else {
                    summaries[candidate.envelope].duplicates += 1
                }
            }
            // Pushes are recorded a run at a time; a delete ends the run, so the order of the events is kept.
            var run: [(envelope: Int, event: RegistryEvent)] = []
            for entry in fresh {
                switch entry.event.action {
                case .push:
                    if entry.event.digest != nil { run.append(entry) }
                case .delete:
                    try await Self.recordPushes(run, now, connection, into: &summaries)
                    run.removeAll()
                    if let tag = entry.event.tag {
                        try await connection.execute(
                            "DELETE FROM tags WHERE repository = ? AND tag = ?", .text(entry.event.repository),
                            .text(tag))
                    } else if let digest = entry.event.digest {
                        try await Self.markGone(digest: digest, connection)
                    }
                }
            }
            try await Self.recordPushes(run, now, connection, into: &summaries)
            return summaries
        }
    }

    /// `(?, ?), (?, ?)`: `rows` tuples of `columns` placeholders.
    static func tuples(rows: Int, columns: Int) -> String {
        let tuple = "(" + marks(columns) + ")"
        return Array(repeating: tuple, count: rows).joined(separator: ", ")
    }

    /// The ids of `ids` not seen before, now recorded.
    static func insertEventIDs(_ ids: [String], _ now: Int64, _ connection: any SQLConnection) async throws -> Set<
        String
    > {
        var inserted = Set<String>()
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + inboxChunk)]
            start += chunk.count
            let rows = try await connection.query(
                "INSERT INTO events (id, received_at) VALUES \(tuples(rows: chunk.count, columns: 2)) "
                    + "ON CONFLICT DO NOTHING RETURNING id",
                chunk.flatMap { [SQLValue.text($0), .integer(now)] })
            for row in rows { if let id = row.first?.text { inserted.insert(id) } }
        }
        return inserted
    }

    /// A run of fresh push events (each with a digest): the tags (the last push of a tag wins), the images (the
    /// first push of a digest names its repository), and one job a digest not scanned yet, counted as queued for
    /// the envelope of its first push.
    static func recordPushes(
        _ run: [(envelope: Int, event: RegistryEvent)], _ now: Int64, _ connection: any SQLConnection,
        into summaries: inout [IngestSummary]
    ) async throws {
        guard !run.isEmpty else { return }
        struct TagKey: Hashable {
            var repository: String
            var tag: String
        }
        var tags: [TagKey: String] = [:]
        var tagOrder: [TagKey] = []
        var firstPush: [String: (envelope: Int, event: RegistryEvent)] = [:]
        var digestOrder: [String] = []
        for entry in run {
            guard let digest = entry.event.digest else { continue }
            if let tag = entry.event.tag {
                let key = TagKey(repository: entry.event.repository, tag: tag)
                if tags.updateValue(digest, forKey: key) == nil { tagOrder.append(key) }
            }
            if firstPush[digest] == nil {
                firstPush[digest] = entry
                digestOrder.append(digest)
            }
        }
        var start = 0
        while start < tagOrder.count {
            let chunk = tagOrder[start..<min(tagOrder.count, start + inboxChunk)]
            start += chunk.count
            try await connection.execute(
                "INSERT INTO tags (repository, tag, digest, updated_at) VALUES \(tuples(rows: chunk.count, columns: 4)) "
                    + "ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at",
                chunk.flatMap { key in [.text(key.repository), .text(key.tag), .text(tags[key] ?? ""), .integer(now)] })
        }
        var unscanned: [String] = []
        start = 0
        while start < digestOrder.count {
            let chunk = digestOrder[start..<min(digestOrder.count, start + inboxChunk)]
            start += chunk.count
            try await connection.execute(
                "INSERT INTO images (digest, repository, media_type, index_digest, state, created_at) "
                    + "VALUES \(tuples(rows: chunk.count, columns: 6)) ON CONFLICT (digest) DO UPDATE SET "
                    + "state = CASE WHEN images.state = 'gone' THEN 'pending' ELSE images.state END",
                chunk.flatMap { digest -> [SQLValue] in
                    let event = firstPush[digest]?.event
                    return [
                        .text(digest), .text(event?.repository ?? ""), event?.mediaType.map(SQLValue.text) ?? .null,
                        .null, .text("pending"), .integer(now),
                    ]
                })
            // Results are kept by manifest digest: a digest already scanned (pushed again under another tag, or
            // one push event per tag) only gains the tag.
            let scanned = try await connection.query(
                "SELECT digest FROM images WHERE state IN ('scanned', 'index') AND digest IN "
                    + "(\(marks(chunk.count)))",
                chunk.map(SQLValue.text))
            let done = Set(scanned.compactMap { $0.first?.text })
            unscanned.append(contentsOf: chunk.filter { !done.contains($0) })
        }
        start = 0
        let push = JobPriority.push.rawValue
        while start < unscanned.count {
            let chunk = unscanned[start..<min(unscanned.count, start + inboxChunk)]
            start += chunk.count
            let inserted = try await connection.query(
                "INSERT INTO jobs (digest, repository, priority, reason, state, index_digest, created_at, updated_at) "
                    + "VALUES \(tuples(rows: chunk.count, columns: 8)) ON CONFLICT DO NOTHING RETURNING digest",
                chunk.flatMap { digest -> [SQLValue] in
                    [
                        .text(digest), .text(firstPush[digest]?.event.repository ?? ""), .integer(push),
                        .text("push"), .text("queued"), .null, .integer(now), .integer(now),
                    ]
                })
            let queued = Set(inserted.compactMap { $0.first?.text })
            for digest in queued { if let envelope = firstPush[digest]?.envelope { summaries[envelope].queued += 1 } }
            let waiting = chunk.filter { !queued.contains($0) }
            if !waiting.isEmpty {
                try await connection.execute(
                    "UPDATE jobs SET priority = ? WHERE state = 'queued' AND priority > ? AND digest IN "
                        + "(\(marks(waiting.count)))",
                    [.integer(push), .integer(push)] + waiting.map(SQLValue.text))
            }
        }
    }

    /// PostgreSQL's inbox for a batch of pushes (the usual batch: one push an envelope, a few envelopes a group
    /// commit): what `ingest(envelopes:now:)`'s statements do, in one statement of data-modifying CTEs run on its
    /// own (one round trip and no BEGIN or COMMIT; a push is answered after its commit, so round trips are its
    /// latency). The event ids not seen before are recorded (`e`); of their pushes with a digest (`f`), the last
    /// push of a tag names the tag, the first push of a digest names the image's repository and its job; a digest
    /// not scanned after the upsert (`u`, from the images part's RETURNING) is queued once, or raised to push
    /// priority where it already waits. Every part sees the snapshot before the statement, as the separate
    /// statements saw theirs: the raise (`r`) finds only jobs queued before, never the ones `j` adds.
    func ingestPushesInOneStatement(
        _ candidates: [(envelope: Int, event: RegistryEvent)], _ retried: [IngestSummary], _ now: Int64
    ) async throws -> [IngestSummary] {
        var binds: [SQLValue] = []
        for (order, candidate) in candidates.enumerated() {
            let event = candidate.event
            binds += [
                .text(event.id), .integer(Int64(order)), .text(event.repository), event.tag.map(SQLValue.text) ?? .null,
                event.digest.map(SQLValue.text) ?? .null, event.mediaType.map(SQLValue.text) ?? .null,
            ]
        }
        let time = SQLValue.integer(now)
        let push = SQLValue.integer(JobPriority.push.rawValue)
        let pushes = Array(
            repeating: "(?::text, ?::bigint, ?::text, ?::text, ?::text, ?::text)", count: candidates.count)
        let sql = """
            WITH p (id, ord, repository, tag, digest, media_type) AS (VALUES \(pushes.joined(separator: ", "))),
            e AS (INSERT INTO events (id, received_at) SELECT id, ? FROM p ON CONFLICT DO NOTHING RETURNING id),
            f AS (SELECT p.* FROM p JOIN e ON e.id = p.id WHERE p.digest IS NOT NULL),
            t AS (INSERT INTO tags (repository, tag, digest, updated_at)
                SELECT DISTINCT ON (repository, tag) repository, tag, digest, ? FROM f WHERE tag IS NOT NULL
                ORDER BY repository, tag, ord DESC
                ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at),
            v AS (SELECT DISTINCT ON (digest) digest, repository, media_type FROM f ORDER BY digest, ord),
            i AS (INSERT INTO images (digest, repository, media_type, index_digest, state, created_at)
                SELECT digest, repository, media_type, NULL, 'pending', ? FROM v
                ON CONFLICT (digest) DO UPDATE SET
                state = CASE WHEN images.state = 'gone' THEN 'pending' ELSE images.state END
                RETURNING digest, state),
            u AS (SELECT v.digest, v.repository FROM v JOIN i ON i.digest = v.digest
                WHERE i.state NOT IN ('scanned', 'index')),
            j AS (INSERT INTO jobs (digest, repository, priority, reason, state, index_digest, created_at, updated_at)
                SELECT digest, repository, ?, 'push', 'queued', NULL, ?, ? FROM u ON CONFLICT DO NOTHING
                RETURNING digest),
            r AS (UPDATE jobs SET priority = ? WHERE state = 'queued' AND priority > ?
                AND digest IN (SELECT digest FROM u))
            SELECT 'event', id FROM e UNION ALL SELECT 'job', digest FROM j
            """
        binds += [time, time, time, push, time, time, push, push]
        let rows = try await database.statement(sql, binds)
        var fresh = Set<String>()
        var queued = Set<String>()
        for row in rows {
            guard row.count == 2, let kind = row[0].text, let value = row[1].text else { continue }
            if kind == "event" { fresh.insert(value) } else { queued.insert(value) }
        }
        var summaries = retried
        var counted = Set<String>()
        for candidate in candidates {
            guard fresh.contains(candidate.event.id) else {
                summaries[candidate.envelope].duplicates += 1
                continue
            }
            summaries[candidate.envelope].accepted += 1
            // A queued digest counts for the envelope of its first fresh push.
            if let digest = candidate.event.digest, queued.contains(digest), counted.insert(digest).inserted {
                summaries[candidate.envelope].queued += 1
            }
        }
        return summaries
    }
}
