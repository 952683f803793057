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
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw TestFailure("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
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
