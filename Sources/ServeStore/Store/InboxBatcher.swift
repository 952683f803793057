/// Group commit for the inbox. The registry sends one event an envelope and waits for each answer, and a durable
/// answer costs a commit (on PostgreSQL a WAL flush): envelopes that arrive while one transaction is being written
/// wait for it and are then written together in the next, each answered with its own summary once that commit is
/// done. Nothing is acknowledged before it is stored.
public actor InboxBatcher {
    /// Events one transaction takes at most (several envelopes; the body limit keeps one envelope below this).
    public static let transactionEvents = 20_000

    private struct Waiting {
        var events: [RegistryEvent]
        var continuation: CheckedContinuation<IngestSummary, any Error>
    }

    private let store: ServeStore
    private let clock: @Sendable () -> Int64
    private var waiting: [Waiting] = []
    private var writing = false

    public init(store: ServeStore, clock: @escaping @Sendable () -> Int64) {
        self.store = store
        self.clock = clock
    }

    /// Records `events` (one envelope) with whatever else is waiting, and says what they did.
    public func ingest(_ events: [RegistryEvent]) async throws -> IngestSummary {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(events: events, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            var batch: [Waiting] = []
            var count = 0
            while let next = waiting.first, batch.isEmpty || count + next.events.count <= Self.transactionEvents {
                batch.append(next)
                count += next.events.count
                waiting.removeFirst()
            }
            do {
                let summaries = try await store.ingest(envelopes: batch.map(\.events), now: clock())
                for (entry, summary) in zip(batch, summaries) { entry.continuation.resume(returning: summary) }
            } catch {
                guard batch.count > 1 else {
                    batch[0].continuation.resume(throwing: error)
                    continue
                }
                // One envelope must not fail the others written with it: each is tried again on its own.
                for entry in batch {
                    do {
                        entry.continuation.resume(returning: try await store.ingest(entry.events, now: clock()))
                    } catch {
                        entry.continuation.resume(throwing: error)
                    }
                }
            }
        }
        writing = false
    }
}
