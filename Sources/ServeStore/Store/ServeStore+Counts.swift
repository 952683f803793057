/// The registry's summaries, kept so that the overview, the CVE search and `/v1/vulnerabilities` read a row an image
/// or a vulnerability instead of joining every inventory with every match on each request: `image_counts` (an
/// image's vulnerabilities by severity and its findings) and `vuln_counts` (a vulnerability's worst severity, the
/// images that have it, whether a fix exists). A recorded scan or a manifest gone refreshes the rows it touches; a
/// re-match rebuilds them in its own transaction.
extension ServeStore {
    /// `SUM(CASE …)` columns counting `pv.severity` into critical, high, medium, low and unknown (anything else).
    static let severitySums =
        ["critical", "high", "medium", "low"].map {
            "SUM(CASE WHEN pv.severity = '\($0)' THEN 1 ELSE 0 END)"
        }.joined(separator: ", ")
        + ", SUM(CASE WHEN pv.severity IS NULL OR pv.severity IN ('critical', 'high', 'medium', 'low') THEN 0 ELSE 1 END)"

    static func imageCountsSelect(_ filter: String) -> String {
        "INSERT INTO image_counts (digest, critical, high, medium, low, unknown, findings) "
            + "SELECT i.digest, \(severitySums), (SELECT COUNT(*) FROM image_findings f WHERE f.digest = i.digest) "
            + "FROM images i LEFT JOIN image_packages ip ON ip.digest = i.digest "
            + "LEFT JOIN package_vulns pv ON pv.package_id = ip.package_id "
            + "WHERE i.state = 'scanned'\(filter) GROUP BY i.digest"
    }

    static func vulnCountsSelect(_ filter: String) -> String {
        "INSERT INTO vuln_counts (vuln_id, severity_rank, images, fixed) "
            + "SELECT pv.vuln_id, MAX(\(severityRank)), COUNT(DISTINCT ip.digest), "
            + "MAX(CASE WHEN pv.fixed IS NULL THEN 0 ELSE 1 END) FROM package_vulns pv "
            + "JOIN image_packages ip ON ip.package_id = pv.package_id JOIN images i ON i.digest = ip.digest "
            + "WHERE i.state = 'scanned'\(filter) GROUP BY pv.vuln_id"
    }

    /// Both summaries rebuilt from the inventories and matches (the end of a re-match; the migration's backfill).
    static func rebuildCounts(_ connection: any SQLConnection) async throws {
        for statement in rebuildCountsStatements { try await connection.execute(statement, []) }
    }

    static let rebuildCountsStatements = [
        "DELETE FROM image_counts", imageCountsSelect(""), "DELETE FROM vuln_counts", vulnCountsSelect(""),
    ]

    /// The summaries of `digests` (scanned, or gone) and of every vulnerability they have, or had in `vulnerabilities`.
    static func refreshCounts(digests: [String], vulnerabilities: Set<String> = [], _ connection: any SQLConnection)
        async throws
    {
        var touched = vulnerabilities
        for chunk in chunks(digests) {
            let binds = chunk.map(SQLValue.text)
            for row in try await connection.query(
                "SELECT DISTINCT pv.vuln_id FROM image_packages ip JOIN package_vulns pv "
                    + "ON pv.package_id = ip.package_id WHERE ip.digest IN (\(marks(chunk.count)))", binds)
            {
                if let id = row.first?.text { touched.insert(id) }
            }
            try await connection.execute("DELETE FROM image_counts WHERE digest IN (\(marks(chunk.count)))", binds)
            try await connection.execute(imageCountsSelect(" AND i.digest IN (\(marks(chunk.count)))"), binds)
        }
        for chunk in chunks(touched.sorted()) {
            let binds = chunk.map(SQLValue.text)
            try await connection.execute("DELETE FROM vuln_counts WHERE vuln_id IN (\(marks(chunk.count)))", binds)
            try await connection.execute(vulnCountsSelect(" AND pv.vuln_id IN (\(marks(chunk.count)))"), binds)
        }
    }
}
