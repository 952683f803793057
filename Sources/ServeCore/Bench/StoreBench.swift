import Foundation
import Logging
import ServeStore
import Vulnerabilities

/// `shipshape-serve bench`: a synthetic registry written straight into the store, then the re-match of every
/// inventory, and the inbox's ingest rate (bench/serve.sh prints them). Deterministic: the same sizes give the
/// same registry.
public enum StoreBench {
    public struct Figures: Sendable {
        public var fillSeconds: Double
        /// The first match of every inventory (every pair is new).
        public var firstSeconds: Double
        public var first: Rematcher.Summary
        /// The re-matches after the advisory update (`update`, when there is one), one a round: each round
        /// re-matches with `update` (its new records found) and then with the first database again (withdrawn).
        public var updateSeconds: [Double] = []
        public var update: Rematcher.Summary?
        public var withdrawSeconds: [Double] = []
        public var withdraw: Rematcher.Summary?
    }

    /// The package pool: the names and versions bench/make-osv-zip.py writes records for (PyPI, npm, Debian:12
    /// `package-K`), so a share of them match.
    static func pool(_ count: Int) -> [PackageKey] {
        let ecosystems = ["PyPI", "npm", "Debian:12"]
        return (0..<count).map { index in
            let ecosystem = ecosystems[index % 3]
            let name = "package-\(index / 3)"
            let version =
                ecosystem == "Debian:12"
                ? "\(index % 5).\(index % 7).\(index % 3)-1" : "\(index % 5).\(index % 7).\(index % 3)"
            return PackageKey(
                ecosystem: ecosystem, name: name, version: version, sourceName: ecosystem == "Debian:12" ? name : nil)
        }
    }

    public static func rematch(
        store: ServeStore, manifests: Int, repositories: Int, packagesPerImage: Int, distinctPackages: Int,
        database: String, update: String?, rounds: Int, logger: Logger
    ) async throws -> Figures {
        let pool = pool(distinctPackages)
        var generator = SplitMix64(seed: 15)
        var images: [(digest: String, repository: String, packages: [PackageKey])] = []
        images.reserveCapacity(manifests)
        for index in 0..<manifests {
            var packages: [PackageKey] = []
            for _ in 0..<packagesPerImage { packages.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            images.append(("sha256:" + hex64(UInt64(index)), "repo-\(index % max(1, repositories))", packages))
        }
        let fillStart = ContinuousClock.now
        try await store.bulkInsert(images, now: 1)
        let fill = ContinuousClock.now - fillStart
        let rematcher = Rematcher(store: store, matcher: MatcherBox(path: database), logger: logger)
        let matcher = Matcher(database: try VulnerabilityDatabase(path: database))
        let start = ContinuousClock.now
        let first = try await rematcher.rematch(with: matcher, now: 2)
        let firstSeconds = seconds(ContinuousClock.now - start)
        var figures = Figures(fillSeconds: seconds(fill), firstSeconds: firstSeconds, first: first)
        if let update {
            let updated = Matcher(database: try VulnerabilityDatabase(path: update))
            for round in 0..<rounds {
                var start = ContinuousClock.now
                figures.update = try await rematcher.rematch(with: updated, now: 3 + 2 * Int64(round))
                figures.updateSeconds.append(seconds(ContinuousClock.now - start))
                start = ContinuousClock.now
                figures.withdraw = try await rematcher.rematch(with: matcher, now: 4 + 2 * Int64(round))
                figures.withdrawSeconds.append(seconds(ContinuousClock.now - start))
            }
        }
        return figures
    }

    /// Events a second through the inbox: `events` push events in envelopes of `batch` (the registry's threshold),
    /// every tenth a duplicate of an earlier one.
    public static func ingest(store: ServeStore, events: Int, batch: Int) async throws -> (
        seconds: Double, IngestSummary
    ) {
        var total = IngestSummary()
        let start = ContinuousClock.now
        var index = 0
        while index < events {
            var envelope: [RegistryEvent] = []
            for offset in 0..<min(batch, events - index) {
                let number = index + offset
                let id = number % 10 == 9 ? "event-\(number - 5)" : "event-\(number)"
                envelope.append(
                    RegistryEvent(
                        id: id, action: .push, repository: "repo-\(number % 1000)",
                        digest: "sha256:" + hex64(UInt64(number / 2)), tag: "t\(number % 7)",
                        mediaType: "application/vnd.oci.image.manifest.v1+json"))
            }
            index += envelope.count
            let summary = try await store.ingest(envelope, now: 1)
            total.accepted += summary.accepted
            total.duplicates += summary.duplicates
            total.queued += summary.queued
        }
        return (seconds(ContinuousClock.now - start), total)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func hex64(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 64 - text.count) + text
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
