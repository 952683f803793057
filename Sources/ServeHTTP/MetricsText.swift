import Metrics
import Prometheus
import ServeStore

/// `/metrics`: what swift-metrics recorded (events, scan and re-match durations), in Prometheus text, with the
/// queue depth by state and the outbox read from the store at each scrape (swift-metrics gauges, so the
/// Prometheus factory the executable bootstraps keeps them).
public struct MetricsText: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func render(store: ServeStore) async throws -> String {
        let depth = try await store.queueDepth()
        for state in ["queued", "running", "done", "failed", "gone"] {
            Gauge(label: "shipshape_queue_jobs", dimensions: [("state", state)]).record(Double(depth[state] ?? 0))
        }
        let outbox = try await store.outboxDepth()
        for state in ["pending", "sent", "failed"] {
            Gauge(label: "shipshape_notifications", dimensions: [("state", state)]).record(Double(outbox[state] ?? 0))
        }
        return registry.emitToString()
    }
}
