import Metrics
import Prometheus
import ServeStore

/// `/metrics`: what swift-metrics recorded (events, scan and re-match durations), in Prometheus text, with the
/// queue depth by state and the outbox read from the store at each scrape.
public struct MetricsText: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func render(store: ServeStore) async throws -> String {
        let depth = try await store.queueDepth()
        for state in ["queued", "running", "done", "failed", "gone"] {
            registry.makeGauge(name: "shipshape_queue_jobs", labels: [("state", state)]).set(Double(depth[state] ?? 0))
        }
        let outbox = try await store.outboxDepth()
        for state in ["pending", "sent", "failed"] {
            registry.makeGauge(name: "shipshape_notifications", labels: [("state", state)]).set(
                Double(outbox[state] ?? 0))
        }
        return registry.emitToString()
    }
}
