/// The job queue: one queued-or-running job a digest (a partial unique index), claimed by priority then age, held
/// by a lease the worker renews; a reaper puts expired leases back.
extension ServeStore {
    /// Queues a scan of `digest`; false when one is already queued or running (then a queued one is raised to
    /// `priority` if that comes sooner).
    public func enqueue(
        digest: String, repository: String, priority: JobPriority, reason: String, indexDigest: String? = nil,
        now: Int64
    ) async throws -> Bool {
        try await database.transaction { connection in
            try await Self.noteImage(
                digest: digest, repository: repository, mediaType: nil, indexDigest: indexDigest, now, connection)
            return try await Self.enqueue(
                digest: digest, repository: repository, priority: priority, reason: reason, indexDigest: indexDigest,
                now: now, connection)
        }
    }

    static func enqueue(
        digest: String, repository: String, priority: JobPriority, reason: String, indexDigest: String?, now: Int64,
        _ connection: any SQLConnection
    ) async throws -> Bool {
        let inserted = try await connection.query(
            "INSERT INTO jobs (digest, repository, priority, reason, state, index_digest, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            .text(digest), .text(repository), .integer(priority.rawValue), .text(reason),
            indexDigest.map(SQLValue.text) ?? .null, .integer(now), .integer(now))
        if !inserted.isEmpty { return true }
        try await connection.execute(
            "UPDATE jobs SET priority = ? WHERE digest = ? AND state = 'queued' AND priority > ?",
            .integer(priority.rawValue), .text(digest), .integer(priority.rawValue))
        return false
    }

    /// Takes the next job for `worker`, leased until `now + lease`. On PostgreSQL concurrent workers skip each
    /// other's locked rows, so no two take the same job. With `runningLimit`, none is taken while that many jobs
    /// hold a live lease (the registry's concurrency cap, across every process sharing the store).
    public func claim(worker: String, now: Int64, lease: Int64, runningLimit: Int? = nil) async throws -> Job? {
        let lock = database.dialect.skipLocked
        let dialect = database.dialect
        return try await database.transaction { connection in
            if let runningLimit {
                // Capped claims take turns (PostgreSQL: a lock held by the transaction; SQLite has one writer), so
                // two claimers cannot both see one free place.
                if dialect == .postgres { try await connection.execute("SELECT pg_advisory_xact_lock(7416)") }
                let running =
                    try await connection.query(
                        "SELECT COUNT(*) FROM jobs WHERE state = 'running' AND lease_until >= ?", .integer(now)
                    ).first?.first?.integer ?? 0
                guard running < Int64(runningLimit) else { return nil }
            }
            let rows = try await connection.query(
                "UPDATE jobs SET state = 'running', worker = ?, lease_until = ?, attempts = attempts + 1, "
                    + "updated_at = ? WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND not_before <= ? "
                    + "ORDER BY priority, id LIMIT 1\(lock)) "
                    + "RETURNING id, digest, repository, priority, reason, attempts, index_digest",
                .text(worker), .integer(now + lease), .integer(now), .integer(now))
            guard let row = rows.first, row.count == 7, let id = row[0].integer, let digest = row[1].text,
                let repository = row[2].text
            else { return nil }
            return Job(
                id: id, digest: digest, repository: repository,
                priority: JobPriority(rawValue: row[3].integer ?? 2) ?? .rescan, reason: row[4].text ?? "",
                attempts: row[5].integer ?? 1, indexDigest: row[6].text)
        }
    }

    /// Renews a lease; false when the job is no longer this worker's (reaped and taken by another).
    public func heartbeat(job: Int64, worker: String, until: Int64) async throws -> Bool {
        try await database.transaction { connection in
            !(try await connection.query(
                "UPDATE jobs SET lease_until = ? WHERE id = ? AND worker = ? AND state = 'running' RETURNING id",
                .integer(until), .integer(job), .text(worker)
            )
            .isEmpty)
        }
    }

    /// Gives a job back after a failure: queued again after `retryAfter` seconds, or `failed` after `maxAttempts`.
    public func fail(
        job: Int64, worker: String, error: String, now: Int64, retryAfter: Int64, maxAttempts: Int64 = 5
    ) async throws {
        try await database.transaction { connection in
            let rows = try await connection.query(
                "SELECT attempts, digest FROM jobs WHERE id = ? AND worker = ? AND state = 'running'",
                .integer(job), .text(worker))
            guard let row = rows.first, let attempts = row[0].integer, let digest = row[1].text else { return }
            let final = attempts >= maxAttempts
            try await connection.execute(
                "UPDATE jobs SET state = ?, worker = NULL, not_before = ?, error = ?, updated_at = ? WHERE id = ?",
                .text(final ? "failed" : "queued"), .integer(now + retryAfter), .text(String(error.prefix(2000))),
                .integer(now), .integer(job))
            if final {
                try await connection.execute(
                    "UPDATE images SET state = 'failed', error = ? WHERE digest = ?", .text(String(error.prefix(2000))),
                    .text(digest))
            }
        }
    }

    /// A manifest that is gone from the registry (404): the job ends, the image and its tags are marked gone.
    public func gone(job: Int64, worker: String, digest: String, now: Int64) async throws {
        try await database.transaction { connection in
            try await connection.execute(
                "UPDATE jobs SET state = 'gone', updated_at = ? WHERE id = ? AND worker = ?", .integer(now),
                .integer(job), .text(worker))
            try await Self.markGone(digest: digest, connection)
        }
    }

    /// Ends an index's job and queues its platform manifests (same priority), in one transaction.
    public func fanOut(
        job: Job, worker: String, children: [(digest: String, platform: String?)], now: Int64
    ) async throws -> Bool {
        try await database.transaction { connection in
            let owned = try await connection.query(
                "UPDATE jobs SET state = 'done', updated_at = ? WHERE id = ? AND worker = ? AND state = 'running' "
                    + "RETURNING id", .integer(now), .integer(job.id), .text(worker))
            guard !owned.isEmpty else { return false }
            try await connection.execute(
                "UPDATE images SET state = 'index', scanned_at = ? WHERE digest = ?", .integer(now), .text(job.digest))
            for child in children {
                try await Self.noteImage(
                    digest: child.digest, repository: job.repository, mediaType: nil, indexDigest: job.digest, now,
                    connection)
                try await connection.execute(
                    "UPDATE images SET platform = ?, index_digest = ? WHERE digest = ?",
                    child.platform.map(SQLValue.text) ?? .null, .text(job.digest), .text(child.digest))
                // A platform manifest pushed on its own before the index may be scanned already.
                if try await Self.isScanned(child.digest, connection) { continue }
                _ = try await Self.enqueue(
                    digest: child.digest, repository: job.repository, priority: job.priority, reason: job.reason,
                    indexDigest: job.digest, now: now, connection)
            }
            return true
        }
    }

    /// Puts back every running job whose lease expired (its worker died or hung); returns how many.
    public func reap(now: Int64) async throws -> Int {
        try await database.transaction { connection in
            try await connection.query(
                "UPDATE jobs SET state = 'queued', worker = NULL, updated_at = ? "
                    + "WHERE state = 'running' AND lease_until < ? RETURNING id", .integer(now), .integer(now)
            ).count
        }
    }

    /// Jobs by state (`queued`, `running`, `done`, `failed`, `gone`).
    public func queueDepth() async throws -> [String: Int] {
        try await database.transaction { connection in
            var depth: [String: Int] = [:]
            for row in try await connection.query("SELECT state, COUNT(*) FROM jobs GROUP BY state") {
                if let state = row[0].text { depth[state] = Int(row[1].integer ?? 0) }
            }
            return depth
        }
    }

    /// Every job of a digest, oldest first: (state, attempts, worker).
    public func jobs(digest: String) async throws -> [(state: String, attempts: Int64, worker: String?)] {
        try await database.transaction { connection in
            try await connection.query(
                "SELECT state, attempts, worker FROM jobs WHERE digest = ? ORDER BY id", .text(digest)
            ).map { ($0[0].text ?? "", $0[1].integer ?? 0, $0[2].text) }
        }
    }
}

/// A one-off full re-scan (`shipshape serve --rescan RUN`, a Kubernetes Indexed Job's pods): every image that is
/// not gone is queued once for the run, at the lowest priority, so pushes still go first.
extension ServeStore {
    /// Queues a re-scan job, reason `rescan:RUN`, for every platform image not gone and not yet queued by this run
    /// (an index's platform manifests are images of their own; the index itself is not scanned again). Idempotent:
    /// every pod of the Job calls it, and a digest the run already queued (in any state) is not queued again.
    /// Returns how many jobs it queued.
    public func enqueueRescan(run: String, now: Int64) async throws -> Int {
        try await database.transaction { connection in
            try await connection.query(
                "INSERT INTO jobs (digest, repository, priority, reason, state, index_digest, created_at, updated_at) "
                    + "SELECT i.digest, i.repository, ?, ?, 'queued', i.index_digest, ?, ? FROM images i "
                    + "WHERE i.state <> 'gone' AND (i.media_type IS NULL OR (i.media_type NOT LIKE '%index%' AND "
                    + "i.media_type NOT LIKE '%manifest.list%')) AND NOT EXISTS "
                    + "(SELECT 1 FROM jobs j WHERE j.digest = i.digest AND j.reason = ?) "
                    + "ON CONFLICT DO NOTHING RETURNING id",
                .integer(JobPriority.rescan.rawValue), .text("rescan:" + run), .integer(now), .integer(now),
                .text("rescan:" + run)
            ).count
        }
    }

    /// The jobs of re-scan `run` still queued or running.
    public func rescanRemaining(run: String) async throws -> Int {
        try await database.transaction { connection in
            Int(
                try await connection.query(
                    "SELECT COUNT(*) FROM jobs WHERE reason = ? AND state IN ('queued', 'running')",
                    .text("rescan:" + run)
                ).first?.first?.integer ?? 0)
        }
    }
}
