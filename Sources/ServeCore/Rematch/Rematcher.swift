import Logging
import Metrics
import ServeStore
import Vulnerabilities

/// The re-match: when the vulnerability database file changes, every stored package is matched again, without
/// pulling anything; what the new advisories add goes to the webhook outbox, once per image.
public struct Rematcher: Sendable {
    public let store: ServeStore
    public let matcher: MatcherBox
    public let logger: Logger
    /// Packages matched per store round trip.
    public var pageSize = 5_000

    public init(store: ServeStore, matcher: MatcherBox, logger: Logger) {
        self.store = store
        self.matcher = matcher
        self.logger = logger
    }

    public struct Summary: Sendable, Equatable {
        public var packages = 0
        public var pairs = 0
        public var imagesNotified = 0
        public var generation: Int64 = 0
    }

    /// Loads the database when its file changed since the last look; then re-matches everything when the store's
    /// inventories were matched against another file (so a restart after `db import` re-matches too). Returns nil
    /// when nothing was re-matched.
    public func checkForUpdate(now: Int64) async throws -> Summary? {
        let before = matcher.fingerprint
        if let problem = matcher.refresh(), matcher.fingerprint != before {
            logger.warning("vulnerability database unreadable: \(problem)")
        }
        guard let loaded = matcher.current, let fingerprint = matcher.fingerprint else { return nil }
        if fingerprint != before {
            logger.info("vulnerability database loaded: \(loaded.database.advisoryCount) advisories")
        }
        guard try await store.meta("database") != fingerprint else { return nil }
        let summary = try await rematch(with: loaded, now: now)
        try await store.setMeta("database", fingerprint)
        return summary
    }

    /// Matches every stored package with `matcher` under a new generation.
    public func rematch(with matcher: Matcher, now: Int64) async throws -> Summary {
        let started = ContinuousClock.now
        var summary = Summary()
        summary.generation = try await store.beginRematch()
        var after: Int64 = 0
        while true {
            let page = try await store.packages(after: after, limit: pageSize)
            guard let last = page.last else { break }
            after = last.id
            var results: [(id: Int64, vulnerabilities: [StoredVulnerability])] = []
            for (id, package) in page {
                let matches = try matcher.match(package.query).map(StoredVulnerability.init)
                summary.pairs += matches.count
                if !matches.isEmpty { results.append((id, matches)) }
            }
            summary.packages += page.count
            try await store.applyMatches(results, generation: summary.generation)
        }
        summary.imagesNotified = try await store.finishRematch(generation: summary.generation, now: now)
        let elapsed = ContinuousClock.now - started
        Timer(label: "shipshape_rematch_duration_seconds").recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        logger.info(
            "re-match \(summary.generation): \(summary.packages) packages, \(summary.pairs) matches, \(summary.imagesNotified) images with new findings in \(elapsed)"
        )
        return summary
    }
}
