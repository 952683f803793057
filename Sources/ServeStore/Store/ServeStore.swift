import Logging

/// The scanning service's store: the inbox, the queue, the layer cache, inventories, matches, findings and the
/// webhook outbox, in SQL written once for both adapters (`SQLiteDatabase`, `PostgresDatabase`).
///
/// Time is passed in (`now`, seconds since 1970) by the callers, so tests and the bench control the clock.
public struct ServeStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Opens `--database`: a `postgres://` URL, or else a SQLite file path; applies the migrations.
    public static func open(_ location: String, logger: Logger) async throws -> ServeStore {
        let database: any SQLDatabase
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            database = try PostgresDatabase(url: location, logger: logger)
        } else {
            guard !location.isEmpty, !location.contains("://") else { throw StoreError.badDatabaseURL(location) }
            database = try SQLiteDatabase(path: location)
        }
        let store = ServeStore(database: database)
        do {
            try await store.migrate()
        } catch {
            await database.close()
            throw error
        }
        return store
    }

    /// The migrations this version knows.
    public static var schemaVersion: Int64 { Int64(Schema.migrations(.sqlite).count) }

    /// Applies the migrations the database lacks. Two processes starting together on PostgreSQL take turns (an
    /// advisory lock held by the transaction).
    public func migrate() async throws {
        let migrations = Schema.migrations(database.dialect)
        let dialect = database.dialect
        try await database.transaction { connection in
            if dialect == .postgres { try await connection.execute("SELECT pg_advisory_xact_lock(7415)") }
            try await connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
            let current =
                try await connection.query("SELECT MAX(version) FROM schema_version").first?.first?.integer ?? 0
            guard current <= Int64(migrations.count) else {
                throw StoreError.newerSchema(found: current, known: Int64(migrations.count))
            }
            for (index, statements) in migrations.enumerated() where Int64(index + 1) > current {
                for statement in statements { try await connection.execute(statement, []) }
                try await connection.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", .integer(Int64(index + 1)))
            }
        }
    }

    public func close() async { await database.close() }

    // MARK: meta

    public func meta(_ key: String) async throws -> String? {
        try await database.transaction { connection in
            try await connection.query("SELECT value FROM meta WHERE key = ?", .text(key)).first?.first?.text
        }
    }

    public func setMeta(_ key: String, _ value: String) async throws {
        try await database.transaction { connection in
            try await Self.setMeta(key, value, connection)
        }
    }

    static func setMeta(_ key: String, _ value: String, _ connection: any SQLConnection) async throws {
        try await connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            .text(key), .text(value))
    }

    /// The match generation: raised by every re-match, recorded with each advisory pair it found.
    static func generation(_ connection: any SQLConnection) async throws -> Int64 {
        let text = try await connection.query("SELECT value FROM meta WHERE key = 'generation'").first?.first?.text
        return text.flatMap { Int64($0) } ?? 1
    }

    // MARK: the inbox (ServeStore+Inbox.swift records the events)

    /// Whether `digest` has a result (a scanned image, or an index already fanned out).
    static func isScanned(_ digest: String, _ connection: any SQLConnection) async throws -> Bool {
        let state = try await connection.query("SELECT state FROM images WHERE digest = ?", .text(digest)).first?
            .first?.text
        return state == "scanned" || state == "index"
    }

    static func setTag(
        repository: String, tag: String, digest: String, _ now: Int64, _ connection: any SQLConnection
    ) async throws {
        try await connection.execute(
            "INSERT INTO tags (repository, tag, digest, updated_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at",
            .text(repository), .text(tag), .text(digest), .integer(now))
    }

    static func noteImage(
        digest: String, repository: String, mediaType: String?, indexDigest: String?, _ now: Int64,
        _ connection: any SQLConnection
    ) async throws {
        try await connection.execute(
            "INSERT INTO images (digest, repository, media_type, index_digest, state, created_at) "
                + "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (digest) DO UPDATE SET "
                + "state = CASE WHEN images.state = 'gone' THEN 'pending' ELSE images.state END",
            .text(digest), .text(repository), mediaType.map(SQLValue.text) ?? .null,
            indexDigest.map(SQLValue.text) ?? .null, .integer(now))
    }

    /// A manifest the registry no longer has (a delete event, or a 404 when pulled): its tags go, it and its
    /// platform manifests are marked gone, their queued jobs are dropped.
    static func markGone(digest: String, _ connection: any SQLConnection) async throws {
        try await connection.execute("DELETE FROM tags WHERE digest = ?", .text(digest))
        let gone = try await connection.query(
            "UPDATE images SET state = 'gone' WHERE digest = ? OR index_digest = ? RETURNING digest", .text(digest),
            .text(digest)
        ).compactMap { $0.first?.text }
        try await refreshCounts(digests: gone, connection)
        try await connection.execute(
            "UPDATE jobs SET state = 'gone' WHERE state = 'queued' AND (digest = ? OR index_digest = ?)",
            .text(digest), .text(digest))
    }

    public func setTag(repository: String, tag: String, digest: String, now: Int64) async throws {
        try await database.transaction { connection in
            try await Self.setTag(repository: repository, tag: tag, digest: digest, now, connection)
            try await Self.noteImage(
                digest: digest, repository: repository, mediaType: nil, indexDigest: nil, now, connection)
        }
    }

    /// Drops the events older than `before` (the registry retries for a bounded time; ids older than that will not
    /// come back) and the finished jobs older than it.
    public func purge(before: Int64) async throws {
        try await database.transaction { connection in
            try await connection.execute("DELETE FROM events WHERE received_at < ?", .integer(before))
            try await connection.execute(
                "DELETE FROM jobs WHERE state IN ('done', 'gone', 'failed') AND updated_at < ?", .integer(before))
            try await connection.execute(
                "DELETE FROM notifications WHERE state = 'sent' AND next_at < ?", .integer(before))
        }
    }
}
