/// The reconcile walk's view of one repository: what the registry says its tags are now.
extension ServeStore {
    public struct ReconcileSummary: Sendable, Equatable {
        public var queued = 0
        public var removedTags = 0
        public init() {}
    }

    /// Sets `repository`'s tags to exactly `tags` (tag → manifest digest): new or moved tags are recorded, their
    /// digests queued at reconcile priority unless already scanned; tags the registry no longer has are dropped.
    public func reconcile(repository: String, tags: [String: String], now: Int64) async throws -> ReconcileSummary {
        try await database.transaction { connection in
            var summary = ReconcileSummary()
            var known: [String: String] = [:]
            for row in try await connection.query(
                "SELECT tag, digest FROM tags WHERE repository = ?", .text(repository))
            {
                known[row[0].text ?? ""] = row[1].text ?? ""
            }
            for (tag, digest) in tags.sorted(by: { $0.key < $1.key }) {
                if known[tag] != digest {
                    try await Self.setTag(repository: repository, tag: tag, digest: digest, now, connection)
                }
                try await Self.noteImage(
                    digest: digest, repository: repository, mediaType: nil, indexDigest: nil, now, connection)
                let state = try await connection.query(
                    "SELECT state FROM images WHERE digest = ?", .text(digest)
                ).first?.first?.text
                if state != "scanned" && state != "index" && state != "failed",
                    try await Self.enqueue(
                        digest: digest, repository: repository, priority: .reconcile, reason: "reconcile",
                        indexDigest: nil, now: now, connection)
                {
                    summary.queued += 1
                }
            }
            for tag in known.keys.sorted() where tags[tag] == nil {
                try await connection.execute(
                    "DELETE FROM tags WHERE repository = ? AND tag = ?", .text(repository), .text(tag))
                summary.removedTags += 1
            }
            return summary
        }
    }

    /// The repositories the store has tags of.
    public func taggedRepositories() async throws -> [String] {
        try await database.transaction { connection in
            try await connection.query("SELECT DISTINCT repository FROM tags ORDER BY repository").compactMap {
                $0[0].text
            }
        }
    }
}
