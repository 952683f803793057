/// The one schema of both databases, as numbered migrations: a database records the last one applied
/// (`schema_version`), and each start applies the ones after it, in one transaction each.
enum Schema {
    static func migrations(_ dialect: SQLDialect) -> [[String]] {
        let id = dialect.identity
        let blob = dialect.blob
        return [
            [
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)",
                // The inbox's memory of event ids: a retried notification is acknowledged and dropped.
                "CREATE TABLE events (id TEXT PRIMARY KEY, received_at BIGINT NOT NULL)",
                "CREATE INDEX events_received ON events (received_at)",
                "CREATE TABLE tags (repository TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL, "
                    + "updated_at BIGINT NOT NULL, PRIMARY KEY (repository, tag))",
                "CREATE INDEX tags_digest ON tags (digest)",
                // One row a manifest digest (an index, or one platform's image); `index_digest` links a platform
                // manifest to the index it came from.
                "CREATE TABLE images (digest TEXT PRIMARY KEY, repository TEXT NOT NULL, media_type TEXT, "
                    + "config_digest TEXT, platform TEXT, index_digest TEXT, layers TEXT, state TEXT NOT NULL, "
                    + "error TEXT, analyser TEXT, scanned_at BIGINT, scan_ms BIGINT, created_at BIGINT NOT NULL)",
                "CREATE INDEX images_index ON images (index_digest)",
                "CREATE INDEX images_repository ON images (repository)",
                // The queue. A partial unique index keeps one queued-or-running job a digest.
                "CREATE TABLE jobs (id \(id), digest TEXT NOT NULL, repository TEXT NOT NULL, "
                    + "priority BIGINT NOT NULL, reason TEXT NOT NULL, state TEXT NOT NULL, "
                    + "attempts BIGINT NOT NULL DEFAULT 0, worker TEXT, lease_until BIGINT, "
                    + "not_before BIGINT NOT NULL DEFAULT 0, error TEXT, index_digest TEXT, "
                    + "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
                "CREATE UNIQUE INDEX jobs_one_active ON jobs (digest) WHERE state IN ('queued', 'running')",
                "CREATE INDEX jobs_claim ON jobs (state, priority, id)",
                // What a layer holds for the package catalogers, by layer digest and analyser version: a base layer
                // shared by many images is pulled and read once.
                "CREATE TABLE layer_cache (digest TEXT NOT NULL, analyser TEXT NOT NULL, scan \(blob) NOT NULL, "
                    + "created_at BIGINT NOT NULL, PRIMARY KEY (digest, analyser))",
                // Every distinct package once (the re-match works on these, not on images).
                "CREATE TABLE packages (id \(id), key TEXT NOT NULL UNIQUE, ecosystem TEXT NOT NULL, "
                    + "name TEXT NOT NULL, version TEXT NOT NULL, source_name TEXT, source_version TEXT, "
                    + "owned_by TEXT, purl TEXT)",
                "CREATE TABLE image_packages (digest TEXT NOT NULL, package_id BIGINT NOT NULL, layer TEXT, "
                    + "created_by TEXT, from_base BIGINT NOT NULL, location TEXT, PRIMARY KEY (digest, package_id))",
                "CREATE INDEX image_packages_package ON image_packages (package_id)",
                // The advisories that match each package; `first_generation` is the match generation that found
                // the pair, so what an advisory update adds is exactly the rows of the new generation.
                "CREATE TABLE package_vulns (package_id BIGINT NOT NULL, vuln_id TEXT NOT NULL, "
                    + "aliases TEXT NOT NULL, severity TEXT NOT NULL, score TEXT, fixed TEXT, summary TEXT, "
                    + "first_generation BIGINT NOT NULL, seen_generation BIGINT NOT NULL, "
                    + "PRIMARY KEY (package_id, vuln_id))",
                "CREATE INDEX package_vulns_vuln ON package_vulns (vuln_id)",
                "CREATE INDEX package_vulns_first ON package_vulns (first_generation)",
                // The image checks' findings (every practice), with the layer and instruction.
                "CREATE TABLE image_findings (digest TEXT NOT NULL, rule TEXT NOT NULL, name TEXT NOT NULL, "
                    + "practice TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, layer TEXT, "
                    + "path TEXT)",
                "CREATE INDEX image_findings_digest ON image_findings (digest)",
                // The webhook outbox: written in the transaction that found the findings, sent at least once.
                "CREATE TABLE notifications (id \(id), key TEXT NOT NULL UNIQUE, digest TEXT NOT NULL, "
                    + "payload TEXT NOT NULL, state TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, "
                    + "next_at BIGINT NOT NULL, error TEXT, created_at BIGINT NOT NULL)",
                "CREATE INDEX notifications_due ON notifications (state, next_at)",
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            ],
            // The registry's summaries (ServeStore+Counts.swift), filled from what is already stored.
            [
                "CREATE TABLE image_counts (digest TEXT PRIMARY KEY, critical BIGINT NOT NULL, high BIGINT NOT NULL, "
                    + "medium BIGINT NOT NULL, low BIGINT NOT NULL, unknown BIGINT NOT NULL, findings BIGINT NOT NULL)",
                "CREATE TABLE vuln_counts (vuln_id TEXT PRIMARY KEY, severity_rank BIGINT NOT NULL, "
                    + "images BIGINT NOT NULL, fixed BIGINT NOT NULL)",
            ] + ServeStore.rebuildCountsStatements,
        ]
    }
}
