import Findings

/// The final image installs servers of different kinds (web server, database, cache, mail), a sign of several
/// applications in one container.
struct MultipleServers: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0013", "multiple-servers", .oneApp, .warning,
        summary: "The final image installs several servers (e.g. a web server and a database).",
        why: """
            A web server, a database and a cache in one image cannot be scaled, upgraded or restarted \
            separately, and one of them ends up unsupervised. Give each server its own container and connect \
            them over the network (docker compose, a pod).
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends nginx postgresql && rm -rf /var/lib/apt/lists/*
            """,
        good: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
            """)

    static let kinds: [(kind: String, packages: Set<String>)] = [
        ("web server", ["nginx", "nginx-full", "nginx-light", "apache2", "httpd", "lighttpd", "caddy", "haproxy"]),
        (
            "database",
            [
                "postgresql", "postgresql-server", "mysql-server", "mariadb-server", "mongodb", "mongodb-org",
                "mongodb-server", "cassandra", "couchdb", "neo4j",
            ]
        ),
        ("cache", ["redis", "redis-server", "memcached", "valkey", "valkey-server"]),
        ("mail server", ["postfix", "exim4", "sendmail", "dovecot", "dovecot-core"]),
        ("message broker", ["rabbitmq-server", "mosquitto", "kafka"]),
    ]

    /// Every kind's packages, and their versioned forms' prefixes (`postgresql-1` for `postgresql-15`), made once.
    static let serverPackages = Set(kinds.flatMap(\.packages))
    static let versionedPrefixes = kinds.flatMap { $0.packages.map { $0 + "-1" } }

    func check(_ context: LintContext) -> [Finding] {
        var found: [String: (String, PackageInstall)] = [:]
        for (install, packages) in context.shippedPackages(matching: { name in
            Self.serverPackages.contains(name) || Self.versionedPrefixes.contains(where: { name.hasPrefix($0) })
        }) {
            for package in packages {
                guard let kind = Self.kinds.first(where: { $0.packages.contains(package) })?.kind else { continue }
                if found[kind] == nil { found[kind] = (package, install) }
            }
        }
        guard found.count >= 2 else { return [] }
        let list = found.sorted { $0.key < $1.key }.map { "\($0.value.0) (\($0.key))" }
        guard let install = found.values.map(\.1).max(by: { $0.command.line < $1.command.line }) else { return [] }
        return [
            context.finding(
                Self.descriptor, install.command.range,
                "the final image installs several servers: \(list.joined(separator: ", "))",
                hint: "run each server in its own container")
        ]
    }
}
