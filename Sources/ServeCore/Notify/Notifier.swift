import Foundation
import Logging
import Registry
import ServeStore

/// Delivers the outbox to the webhook: one POST of JSON a notification, with `Idempotency-Key` (the receiver
/// drops a redelivery) and, when configured, `Authorization: Bearer TOKEN`; retried with exponential backoff
/// (2, 4, 8 … seconds, at most 10 minutes) until `maxAttempts`.
public struct Notifier: Sendable {
    public let store: ServeStore
    public let url: URL
    public let token: String?
    public let http: any HTTPClient
    public let logger: Logger
    public var maxAttempts: Int64 = 12
    public var poll: Duration = .milliseconds(500)
    public var clock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    public init(store: ServeStore, url: URL, token: String?, http: any HTTPClient, logger: Logger) {
        self.store = store
        self.url = url
        self.token = token
        self.http = http
        self.logger = logger
    }

    public func run(until stop: StopFlag) async {
        while !Task.isCancelled && !stop.stopped {
            do {
                if try await deliverOne() { continue }
            } catch {
                logger.error("notifier: \(error)")
            }
            try? await Task.sleep(for: poll)
        }
    }

    /// Sends the next due delivery; false when none is due.
    public func deliverOne() async throws -> Bool {
        guard let delivery = try await store.claimDelivery(now: clock(), lease: 60) else { return false }
        var headers = ["Content-Type": "application/json", "Idempotency-Key": delivery.key]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let receiver = MemoryReceiver(limit: 64 << 10)
        do {
            let head = try await http.send(
                HTTPRequest(method: "POST", url: url, headers: headers, body: .bytes(Array(delivery.payload.utf8))),
                receiver: receiver)
            guard (200..<300).contains(head.status) else { throw ServeError.webhook("status \(head.status)") }
            try await store.delivered(delivery.id, now: clock())
        } catch {
            let wait = min(600, Int64(1) << min(delivery.attempts, 10))
            logger.warning("notifier: delivery \(delivery.id) failed (\(error)); again in \(wait) s")
            try await store.deliveryFailed(
                delivery.id, error: "\(error)", retryAfter: wait, maxAttempts: maxAttempts, now: clock())
        }
        return true
    }
}
