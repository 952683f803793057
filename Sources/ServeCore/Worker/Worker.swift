import Foundation
import Logging
import Metrics
import Registry
import ServeStore

/// One worker: claims a job, renews its lease while it scans, records the result (only if the lease is still its
/// own), and gives the job back on failure. A 404 from the registry means the manifest is gone, not "retry".
public struct Worker: Sendable {
    public let name: String
    public let store: ServeStore
    public let scanner: ImageScanner
    public let logger: Logger
    /// Seconds a lease lasts; renewed every third of it.
    public var lease: Int64 = 30
    /// At most this many scans at once across every worker sharing the store (nil: no cap).
    public var registryConcurrency: Int?
    /// Seconds between polls of an empty queue.
    public var poll: Duration = .milliseconds(250)
    public var clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    public init(name: String, store: ServeStore, scanner: ImageScanner, logger: Logger) {
        self.name = name
        self.store = store
        self.scanner = scanner
        self.logger = logger
    }

    /// Runs until `stop` is set or the task is cancelled; a job in progress then is finished first (SIGTERM drains).
    public func run(until stop: StopFlag) async {
        while !Task.isCancelled && !stop.stopped {
            do {
                if try await runOne() { continue }
            } catch {
                logger.error("worker \(name): \(error)")
            }
            try? await Task.sleep(for: poll)
        }
    }

    /// Claims and processes one job; false when the queue was empty.
    public func runOne() async throws -> Bool {
        guard
            let job = try await store.claim(
                worker: name, now: clock(), lease: lease, runningLimit: registryConcurrency)
        else { return false }
        logger.info("worker \(name): scanning \(job.repository)@\(job.digest) (\(job.reason), attempt \(job.attempts))")
        let started = ContinuousClock.now
        let outcome: Result<ImageScanner.Outcome, any Error> = await withTaskGroup(
            of: Result<ImageScanner.Outcome, any Error>?.self
        ) { group in
            let store = store
            let name = name
            let lease = lease
            let clock = clock
            let scanner = scanner
            group.addTask {
                // The heartbeat: renews the lease until the scan ends (this task is cancelled then).
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(max(1, lease / 3)))
                    if Task.isCancelled { break }
                    _ = try? await store.heartbeat(job: job.id, worker: name, until: clock() + lease)
                }
                return nil
            }
            group.addTask {
                do {
                    return .success(try await scanner.scan(job, now: clock()))
                } catch {
                    return .failure(error)
                }
            }
            var result: Result<ImageScanner.Outcome, any Error> = .failure(CancellationError())
            while let next = await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return result
        }
        switch outcome {
        case .success(.index(let children)):
            let owned = try await store.fanOut(job: job, worker: name, children: children, now: clock())
            logger.info("worker \(name): index \(job.digest): \(children.count) platform manifests queued (\(owned))")
        case .success(.image(let result)):
            let recorded = try await store.record(result, job: job.id, worker: name, now: clock())
            let elapsed = ContinuousClock.now - started
            Timer(label: "shipshape_scan_duration_seconds").recordNanoseconds(
                elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
            if recorded {
                logger.info(
                    "worker \(name): \(job.digest): \(result.packages.count) packages, \(result.vulnerabilities.values.reduce(0) { $0 + $1.count }) vulnerabilities, \(result.findings.count) findings"
                )
            } else {
                logger.warning("worker \(name): \(job.digest): lease lost, result dropped (another worker has it)")
            }
        case .failure(let error):
            if case RegistryError.notFound = error {
                logger.info("worker \(name): \(job.digest) is gone from the registry")
                try await store.gone(job: job.id, worker: name, digest: job.digest, now: clock())
            } else {
                logger.warning("worker \(name): \(job.digest) failed: \(error)")
                try await store.fail(
                    job: job.id, worker: name, error: "\(error)", now: clock(),
                    retryAfter: min(300, Int64(1) << min(job.attempts, 8)))
            }
        }
        return true
    }
}
