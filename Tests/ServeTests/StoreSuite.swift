import Foundation
import Logging
import ServeStore
import TestSupport
import Testing

/// The store suite, written once and run against both adapters (`SQLiteStoreTests`, `PostgresStoreTests`).
enum StoreSuite {
    static let digestA = "sha256:" + String(repeating: "a", count: 64)
    static let digestB = "sha256:" + String(repeating: "b", count: 64)
    static let digestC = "sha256:" + String(repeating: "c", count: 64)
    static let digestD = "sha256:" + String(repeating: "d", count: 64)

    static func push(_ id: String, _ repository: String, _ digest: String, tag: String?) -> RegistryEvent {
        RegistryEvent(
            id: id, action: .push, repository: repository, digest: digest, tag: tag,
            mediaType: "application/vnd.oci.image.manifest.v1+json")
    }

    static func migrationsAreIdempotent(_ store: ServeStore) async throws {
        try await store.migrate()
        try await store.migrate()
        #expect(try await store.queueDepth().isEmpty)
    }

    static func ingestDeduplicates(_ store: ServeStore) async throws {
        // One push event per tag, and a retry of the first with the same id.
        let events = [
            push("e1", "app", digestA, tag: "1.0"), push("e2", "app", digestA, tag: "latest"),
            push("e1", "app", digestA, tag: "1.0"),
        ]
        let summary = try await store.ingest(events, now: 100)
        #expect(summary.accepted == 2)
        #expect(summary.duplicates == 1)
        #expect(summary.queued == 1)
        let again = try await store.ingest([push("e2", "app", digestA, tag: "latest")], now: 101)
        #expect(again.duplicates == 1 && again.accepted == 0)
        #expect(try await store.queueDepth() == ["queued": 1])
        let images = try await store.images()
        #expect(images.map(\.digest) == [digestA])
        #expect(images.first?.tags == ["app:1.0", "app:latest"])
        // A tag deleted; then the manifest deleted: its queued job goes, the image is gone.
        _ = try await store.ingest(
            [RegistryEvent(id: "e3", action: .delete, repository: "app", digest: nil, tag: "latest")], now: 102)
        #expect(try await store.images().first?.tags == ["app:1.0"])
        _ = try await store.ingest(
            [RegistryEvent(id: "e4", action: .delete, repository: "app", digest: digestA, tag: nil)], now: 103)
        #expect(try await store.images().isEmpty)
        #expect(try await store.queueDepth() == ["gone": 1])
    }

    static func groupCommitKeepsEachEnvelope(_ store: ServeStore) async throws {
        // Three envelopes written in one transaction, as the inbox's group commit writes them: a retry across
        // envelopes, one push event per tag, a tag moved and then deleted, and a delete between two pushes.
        let moved = RegistryEvent(id: "g4", action: .delete, repository: "app", digest: nil, tag: "edge")
        let summaries = try await store.ingest(
            envelopes: [
                [push("g1", "app", digestA, tag: "1.0"), push("g2", "app", digestA, tag: "latest")],
                [push("g1", "app", digestA, tag: "1.0"), push("g3", "app", digestB, tag: "edge"), moved],
                [push("g5", "app", digestC, tag: "edge"), push("g6", "app", digestB, tag: "latest")],
            ], now: 200)
        #expect(summaries.map(\.accepted) == [2, 2, 2])
        #expect(summaries.map(\.duplicates) == [0, 1, 0])
        #expect(summaries.map(\.queued) == [1, 1, 1])
        #expect(try await store.queueDepth() == ["queued": 3])
        let tags = Dictionary(uniqueKeysWithValues: try await store.images().map { ($0.digest, $0.tags) })
        #expect(tags[digestA] == ["app:1.0"])
        #expect(tags[digestB] == ["app:latest"])
        #expect(tags[digestC] == ["app:edge"])
        // The same batch again is all duplicates; a digest already queued is not queued twice.
        let again = try await store.ingest(
            envelopes: [[push("g1", "app", digestA, tag: "1.0")], [push("g7", "other", digestA, tag: "x")]], now: 201)
        #expect(again.map(\.duplicates) == [1, 0])
        #expect(again.map(\.queued) == [0, 0])
        #expect(try await store.queueDepth() == ["queued": 3])
    }

    static func groupCommitOfPushes(_ store: ServeStore) async throws {
        // Envelopes of pushes only (PostgreSQL writes them in one statement): a retry across envelopes, a tag moved
        // inside the batch (the last push wins), a digest already queued for reconcile (raised to push priority,
        // not queued again) and one already scanned (it only gains the tag).
        #expect(
            try await store.enqueue(digest: digestB, repository: "other", priority: .reconcile, reason: "r", now: 1))
        try await store.record(
            ScanResult(digest: digestC, repository: "app", packages: [], vulnerabilities: [:], analyser: "t"), now: 2)
        let summaries = try await store.ingest(
            envelopes: [
                [push("p1", "app", digestA, tag: "1.0"), push("p2", "app", digestA, tag: "latest")],
                [push("p1", "app", digestA, tag: "1.0"), push("p3", "other", digestB, tag: "edge")],
                [push("p4", "app", digestD, tag: "1.0")],
                [push("p5", "app", digestC, tag: "stable"), push("p6", "app", digestD, tag: nil)],
            ], now: 300)
        #expect(summaries.map(\.accepted) == [2, 1, 1, 2])
        #expect(summaries.map(\.duplicates) == [0, 1, 0, 0])
        #expect(summaries.map(\.queued) == [1, 0, 1, 0])
        #expect(try await store.queueDepth() == ["queued": 3])
        let tags = Dictionary(uniqueKeysWithValues: try await store.images().map { ($0.digest, $0.tags) })
        #expect(tags[digestA] == ["app:latest"])
        #expect(tags[digestB] == ["other:edge"])
        #expect(tags[digestC] == ["app:stable"])
        #expect(tags[digestD] == ["app:1.0"])
        // B waited at reconcile priority and was raised to push: it is the oldest push-priority job now.
        let first = try #require(try await store.claim(worker: "w", now: 301, lease: 60))
        #expect(first.digest == digestB && first.priority == .push)
    }

    static func queuePriorityAndLeases(_ store: ServeStore) async throws {
        #expect(try await store.enqueue(digest: digestA, repository: "a", priority: .rescan, reason: "rescan", now: 1))
        #expect(try await store.enqueue(digest: digestB, repository: "b", priority: .reconcile, reason: "r", now: 2))
        #expect(try await store.enqueue(digest: digestC, repository: "c", priority: .push, reason: "push", now: 3))
        // One active job a digest: a second enqueue is refused, but raises the queued one's priority.
        #expect(try await !store.enqueue(digest: digestA, repository: "a", priority: .push, reason: "push", now: 4))
        let first = try #require(try await store.claim(worker: "w1", now: 10, lease: 30))
        let second = try #require(try await store.claim(worker: "w1", now: 10, lease: 30))
        let third = try #require(try await store.claim(worker: "w2", now: 10, lease: 30))
        // Push priority first, oldest first among equals (A was raised to push, C was queued as push later).
        #expect([first.digest, second.digest, third.digest] == [digestA, digestC, digestB])
        #expect(try await store.claim(worker: "w1", now: 10, lease: 30) == nil)
        // While running, the digest cannot be queued twice.
        #expect(try await !store.enqueue(digest: digestA, repository: "a", priority: .push, reason: "push", now: 11))
        #expect(try await store.heartbeat(job: first.id, worker: "w1", until: 60))
        #expect(try await !store.heartbeat(job: first.id, worker: "w2", until: 60))
        // The reaper puts back expired leases only: B's (until 40) and C's (until 40), not A's (renewed to 60).
        #expect(try await store.reap(now: 50) == 2)
        let again = try #require(try await store.claim(worker: "w3", now: 51, lease: 30))
        #expect(again.digest == digestC)
        #expect(again.attempts == 2)
        // w1 lost C's lease: its result is dropped, nothing recorded.
        let result = ScanResult(digest: digestC, repository: "c", analyser: "test")
        #expect(try await !store.record(result, job: second.id, worker: "w1", now: 52))
        #expect(try await store.record(result, job: again.id, worker: "w3", now: 52))
        #expect(try await store.jobs(digest: digestC).map(\.state) == ["done"])
        // A failure goes back in the queue after the backoff, then fails for good.
        let b = try #require(try await store.claim(worker: "w4", now: 53, lease: 30))
        #expect(b.digest == digestB)
        try await store.fail(job: b.id, worker: "w4", error: "boom", now: 53, retryAfter: 10, maxAttempts: 3)
        #expect(try await store.claim(worker: "w4", now: 55, lease: 30) == nil)
        let retried = try #require(try await store.claim(worker: "w4", now: 64, lease: 30))
        #expect(retried.attempts == 3)
        try await store.fail(job: retried.id, worker: "w4", error: "boom", now: 64, retryAfter: 10, maxAttempts: 3)
        #expect(try await store.jobs(digest: digestB).map(\.state) == ["failed"])
    }

    /// Workers claiming at once never take the same job (SKIP LOCKED on PostgreSQL, one writer on SQLite).
    static func concurrentClaimsAreExclusive(_ store: ServeStore) async throws {
        let digests = (0..<40).map { "sha256:" + String(format: "%064x", $0) }
        for digest in digests {
            _ = try await store.enqueue(digest: digest, repository: "r", priority: .push, reason: "push", now: 1)
        }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claim(worker: "w\(worker)", now: 2, lease: 30) {
                        mine.append(job.digest)
                        #expect(
                            try await store.record(
                                ScanResult(digest: job.digest, repository: "r", analyser: "t"), job: job.id,
                                worker: "w\(worker)", now: 3))
                    }
                    return mine
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        #expect(claimed.count == digests.count)
        #expect(Set(claimed) == Set(digests))
        #expect(try await store.queueDepth() == ["done": digests.count])
    }

    static func concurrencyCap(_ store: ServeStore) async throws {
        for digest in [digestA, digestB, digestC] {
            #expect(try await store.enqueue(digest: digest, repository: "r", priority: .push, reason: "push", now: 1))
        }
        // Two places: the third claimer waits, whoever it is.
        let first = try #require(try await store.claim(worker: "w1", now: 10, lease: 30, runningLimit: 2))
        #expect(try await store.claim(worker: "w2", now: 10, lease: 30, runningLimit: 2) != nil)
        #expect(try await store.claim(worker: "w3", now: 10, lease: 30, runningLimit: 2) == nil)
        #expect(try await store.queueDepth() == ["running": 2, "queued": 1])
        // A finished job frees its place.
        #expect(
            try await store.record(
                ScanResult(digest: first.digest, repository: "r", analyser: "t"), job: first.id, worker: "w1", now: 11))
        let third = try #require(try await store.claim(worker: "w3", now: 12, lease: 30, runningLimit: 2))
        #expect(try await store.claim(worker: "w1", now: 12, lease: 30, runningLimit: 3) == nil)  // the queue is empty
        // A lapsed lease (a dead worker) holds no place.
        #expect(try await store.enqueue(digest: digestD, repository: "r", priority: .push, reason: "push", now: 13))
        #expect(try await store.claim(worker: "w1", now: 20, lease: 30, runningLimit: 2) == nil)
        #expect(try await store.claim(worker: "w1", now: 100, lease: 30, runningLimit: 2)?.digest == digestD)
        _ = third
    }

    static let openssl = PackageKey(
        ecosystem: "Debian:12", name: "libssl3", version: "3.0.11-1", sourceName: "openssl",
        sourceVersion: "3.0.11-1")
    static let zlib = PackageKey(ecosystem: "Debian:12", name: "zlib1g", version: "1:1.2.13", sourceName: "zlib")

    static func resultsMatchesAndNotifications(_ store: ServeStore) async throws {
        let old = StoredVulnerability(id: "CVE-2023-0001", aliases: ["DSA-1"], severity: "high", fixed: "3.0.12-1")
        // Two images share the openssl package; one also has zlib.
        for (digest, packages) in [(digestA, [openssl, zlib]), (digestB, [openssl])] {
            try await store.record(
                ScanResult(
                    digest: digest, repository: "app", layers: [StoredLayer(digest: digestC, size: 10)],
                    packages: packages.map { ImagePackage(package: $0, layer: "sha256:l", createdBy: "RUN apt") },
                    vulnerabilities: [openssl: [old], zlib: []],
                    findings: [
                        StoredFinding(
                            rule: "SS1001", name: "root-user", practice: "fs-security", severity: "warning",
                            message: "runs as <root>")
                    ], analyser: "t"), now: 10)
        }
        let detail = try #require(try await store.image(digest: digestA))
        #expect(detail.packages.map(\.package.name) == ["libssl3", "zlib1g"])
        #expect(detail.vulnerabilities.map(\.id) == ["CVE-2023-0001"])
        #expect(detail.vulnerabilities.first?.fixed == "3.0.12-1")
        #expect(detail.findings.map(\.message) == ["runs as <root>"])
        #expect(detail.layers == [StoredLayer(digest: digestC, size: 10)])
        #expect(try await store.digests(vulnerability: "DSA-1") == [digestA, digestB])
        #expect(try await store.digests(package: "zlib1g") == [digestA])
        #expect(try await store.vulnerabilities().map(\.images) == [2])
        // The first scan of each image notified its finding, once each.
        #expect(try await store.outboxDepth() == ["pending": 2])
        // Recording the same again notifies nothing new.
        try await store.record(
            ScanResult(
                digest: digestB, repository: "app", packages: [ImagePackage(package: openssl)],
                vulnerabilities: [openssl: [old]], analyser: "t"), now: 11)
        #expect(try await store.outboxDepth() == ["pending": 2])
        // A push of a digest already scanned (another tag, or the registry's event per tag) records the tag and
        // queues nothing: results are kept by manifest digest.
        let pushed = try await store.ingest([push("e9", "app", digestB, tag: "again")], now: 12)
        #expect(pushed.accepted == 1 && pushed.queued == 0)
        #expect(try await store.queueDepth().isEmpty)
        #expect(try await store.image(digest: digestB)?.summary.tags == ["app:again"])

        // A re-match with a new advisory for zlib and the old one for openssl: only image A is notified, of zlib.
        let generation = try await store.beginRematch()
        var matches: [(id: Int64, vulnerabilities: [StoredVulnerability])] = []
        for (id, package) in try await store.packages(after: 0, limit: 10) {
            if package == openssl { matches.append((id, [old])) }
            if package == zlib {
                matches.append((id, [StoredVulnerability(id: "CVE-2024-0002", severity: "critical")]))
            }
        }
        #expect(matches.count == 2)
        try await store.applyMatches(matches, generation: generation)
        #expect(try await store.finishRematch(generation: generation, now: 20) == 1)
        var payloads: [FindingNotification] = []
        while let delivery = try await store.claimDelivery(now: 30, lease: 60) {
            payloads.append(try JSONDecoder().decode(FindingNotification.self, from: Data(delivery.payload.utf8)))
            try await store.delivered(delivery.id, now: 30)
        }
        #expect(payloads.count == 3)
        let rematched = try #require(payloads.first { $0.reason.hasPrefix("rematch") })
        #expect(rematched.digest == digestA)
        #expect(rematched.findings.map(\.vulnerability) == ["CVE-2024-0002"])
        #expect(rematched.tags.isEmpty)
        #expect(try await store.image(digest: digestA)?.summary.vulnerabilities == ["critical": 1, "high": 1])
        // An advisory withdrawn: the next re-match drops the pair and notifies nothing.
        let next = try await store.beginRematch()
        try await store.applyMatches(matches.filter { $0.vulnerabilities != [old] }, generation: next)
        #expect(try await store.finishRematch(generation: next, now: 40) == 0)
        #expect(try await store.digests(vulnerability: "CVE-2023-0001").isEmpty)
    }

    static func outboxBacksOff(_ store: ServeStore) async throws {
        try await store.record(
            ScanResult(
                digest: digestA, repository: "app", packages: [ImagePackage(package: zlib)],
                vulnerabilities: [zlib: [StoredVulnerability(id: "CVE-1", severity: "low")]], analyser: "t"), now: 1)
        let delivery = try #require(try await store.claimDelivery(now: 5, lease: 60))
        // Leased: not handed out twice.
        #expect(try await store.claimDelivery(now: 6, lease: 60) == nil)
        try await store.deliveryFailed(delivery.id, error: "503", retryAfter: 4, maxAttempts: 2, now: 6)
        #expect(try await store.claimDelivery(now: 9, lease: 60) == nil)
        let again = try #require(try await store.claimDelivery(now: 10, lease: 60))
        #expect(again.key == delivery.key && again.attempts == 2)
        try await store.deliveryFailed(again.id, error: "503", retryAfter: 4, maxAttempts: 2, now: 10)
        #expect(try await store.outboxDepth() == ["failed": 1])
    }

    static func layerCache(_ store: ServeStore) async throws {
        #expect(try await store.cachedLayer(digest: digestA, analyser: "v1") == nil)
        try await store.storeLayer(digest: digestA, analyser: "v1", scan: [0, 1, 2, 255], now: 1)
        #expect(try await store.cachedLayer(digest: digestA, analyser: "v1") == [0, 1, 2, 255])
        #expect(try await store.cachedLayer(digest: digestA, analyser: "v2") == nil)
        try await store.storeLayer(digest: digestA, analyser: "v1", scan: [9], now: 2)
        #expect(try await store.cachedLayer(digest: digestA, analyser: "v1") == [9])
    }

    /// Every case, in the order the suites run them.
    static let all: [(String, @Sendable (ServeStore) async throws -> Void)] = [
        ("migrations", migrationsAreIdempotent), ("ingest", ingestDeduplicates),
        ("group commit", groupCommitKeepsEachEnvelope),
        ("group commit of pushes", groupCommitOfPushes), ("queue", queuePriorityAndLeases),
        ("concurrent claims", concurrentClaimsAreExclusive), ("results", resultsMatchesAndNotifications),
        ("outbox", outboxBacksOff), ("layer cache", layerCache), ("concurrency cap", concurrencyCap),
    ]
}

enum StoreBackend: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    func open() async throws -> (ServeStore, cleanup: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let directory = try TestFiles.temporaryDirectory("serve-store")
            let store = try await ServeStore.open(directory + "/store.db", logger: Logger(label: "test"))
            return (store, { try? FileManager.default.removeItem(atPath: directory) })
        case .postgres:
            let server = try PostgresServer.shared.get()
            let store = try await ServeStore.open(try server.database(), logger: Logger(label: "test"))
            return (store, {})
        }
    }

    func run(_ index: Int) async throws {
        let (store, cleanup) = try await open()
        defer { cleanup() }
        do {
            try await StoreSuite.all[index].1(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

@Suite("store on SQLite")
struct SQLiteStoreTests {
    @Test("the store suite", arguments: StoreSuite.all.indices)
    func suite(_ index: Int) async throws {
        try await StoreBackend.sqlite.run(index)
    }
}

@Suite(
    "store on PostgreSQL 15",
    .enabled(if: Requirement.met(PostgresServer.available), "needs root and postgresql-15 (Debian)"))
struct PostgresStoreTests {
    @Test("the store suite", arguments: StoreSuite.all.indices)
    func suite(_ index: Int) async throws {
        try await StoreBackend.postgres.run(index)
    }
}
