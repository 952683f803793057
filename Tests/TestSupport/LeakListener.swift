import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on a free loopback port that counts the connections it accepts (none, if a page under test is
/// safe): the browser tests point hostile markup at it.
public final class LeakListener: @unchecked Sendable {
    // @unchecked: every stored property is a constant; the count lives in the locked `Counter`.
    public let port: Int
    private let socket: Int32
    private let thread: Thread
    private let counter: Counter

    public init() throws {
        let (fd, port) = try LoopbackListener.open(backlog: 8, reuseAddress: false)
        self.port = port
        socket = fd
        let counter = Counter()
        thread = Thread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                counter.add()
                close(client)
            }
        }
        self.counter = counter
        thread.start()
    }

    public var connections: Int { counter.value }

    public func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    final class Counter: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
