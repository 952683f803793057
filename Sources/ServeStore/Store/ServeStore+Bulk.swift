/// Filling the store without workers: the bench writes a synthetic registry's inventories straight in.
extension ServeStore {
    /// Writes `images` (digest, repository, packages) as scanned images, each tagged `v` and its digest's last 8 digits, in batches of statements, with no
    /// vulnerabilities yet (a re-match finds them).
    public func bulkInsert(_ images: [(digest: String, repository: String, packages: [PackageKey])], now: Int64)
        async throws
    {
        var distinct: [PackageKey: Int64] = [:]
        for image in images {
            for package in image.packages { distinct[package] = 0 }
        }
        let keys = Array(distinct.keys)
        try await database.transaction { [keys] connection in
            try await connection.executeMany(
                "INSERT INTO packages (key, ecosystem, name, version, source_name, source_version, owned_by, purl) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                keys.map { package in
                    [
                        .text(package.key), .text(package.ecosystem), .text(package.name), .text(package.version),
                        package.sourceName.map(SQLValue.text) ?? .null,
                        package.sourceVersion.map(SQLValue.text) ?? .null, package.ownedBy.map(SQLValue.text) ?? .null,
                        package.purl.map(SQLValue.text) ?? .null,
                    ]
                })
        }
        let ids = try await database.transaction { connection in
            var ids: [String: Int64] = [:]
            for row in try await connection.query("SELECT key, id FROM packages") {
                if let key = row[0].text, let id = row[1].integer { ids[key] = id }
            }
            return ids
        }
        var start = 0
        while start < images.count {
            let batch = Array(images[start..<min(images.count, start + 5_000)])
            start += batch.count
            try await database.transaction { connection in
                try await connection.executeMany(
                    "INSERT INTO images (digest, repository, state, layers, analyser, scanned_at, created_at) "
                        + "VALUES (?, ?, 'scanned', '[]', 'bench', ?, ?) ON CONFLICT (digest) DO NOTHING",
                    batch.map { [.text($0.digest), .text($0.repository), .integer(now), .integer(now)] })
                try await connection.executeMany(
                    "INSERT INTO tags (repository, tag, digest, updated_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest",
                    batch.map {
                        [.text($0.repository), .text("v" + $0.digest.suffix(8)), .text($0.digest), .integer(now)]
                    })
                var rows: [[SQLValue]] = []
                for image in batch {
                    for id in Set(image.packages.compactMap { ids[$0.key] }) {
                        rows.append([.text(image.digest), .integer(id), .null, .null, .integer(0), .null])
                    }
                }
                try await connection.executeMany(
                    "INSERT INTO image_packages (digest, package_id, layer, created_by, from_base, location) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)
            }
        }
    }
}
