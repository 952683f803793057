import ServiceLifecycle
import Synchronization

/// Set when the service is asked to stop (SIGTERM, SIGINT): loops finish the job in hand and return.
public final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var stopped: Bool { flag.load(ordering: .acquiring) }
    public func stop() { flag.store(true, ordering: .releasing) }
}

/// A role (worker, notifier, re-match, reaper) as a swift-service-lifecycle service: graceful shutdown sets the
/// stop flag, and the loop drains instead of being cut off mid-job.
public struct LoopService: Service {
    public let name: String
    let body: @Sendable (StopFlag) async -> Void

    public init(name: String, _ body: @escaping @Sendable (StopFlag) async -> Void) {
        self.name = name
        self.body = body
    }

    public func run() async throws {
        let flag = StopFlag()
        await withGracefulShutdownHandler {
            await body(flag)
        } onGracefulShutdown: {
            flag.stop()
        }
    }
}
