#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The module's one layer over libc: reading and writing file descriptors, waiting on one, the monotonic clock.
/// EINTR is retried everywhere.
enum System {
    /// An errno value from a failed call.
    struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
        var code: Int32
        var call: String
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    /// Reads up to `count` bytes; an empty array at end of file.
    static func read(_ descriptor: Int32, count: Int) throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let result = buffer.withUnsafeMutableBytes { raw in
                #if canImport(Darwin)
                Darwin.read(descriptor, raw.baseAddress, raw.count)
                #elseif canImport(Musl)
                Musl.read(descriptor, raw.baseAddress, raw.count)
                #else
                Glibc.read(descriptor, raw.baseAddress, raw.count)
                #endif
            }
            if result >= 0 {
                buffer.removeLast(count - result)
                return buffer
            }
            if errno != EINTR { throw Errno(code: errno, call: "read") }
        }
    }

    /// Writes all of `bytes`.
    static func write(_ descriptor: Int32, _ bytes: [UInt8]) throws(Errno) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                #if canImport(Darwin)
                Darwin.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
                #elseif canImport(Musl)
                Musl.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
                #else
                Glibc.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
                #endif
            }
            if result >= 0 {
                written += result
            } else if errno != EINTR {
                throw Errno(code: errno, call: "write")
            }
        }
    }

    /// Waits until `descriptor` can be read (or is at end or in error), at most `milliseconds` (-1: no limit);
    /// whether it can.
    static func waitReadable(_ descriptor: Int32, milliseconds: Int32) throws(Errno) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let result = poll(&entry, 1, milliseconds)
            if result >= 0 { return result > 0 }
            if errno != EINTR { throw Errno(code: errno, call: "poll") }
        }
    }

    /// A write to a closed pipe fails with EPIPE instead of killing the process.
    static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Monotonic nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
