import FoundationEssentials
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary directories this process has made (registry downloads, build staging), removed also when the
/// process is stopped by SIGINT, SIGTERM or SIGHUP. `installSignalCleanup()` (called once, first thing in `main`)
/// installs a handler that only writes the signal's number to a pipe (async-signal-safe); a thread of its own
/// reads it, removes what is registered, and lets the process die of the same signal, so the exit status says what
/// stopped it. (Blocking the signals and `sigwait` would not do: Swift's runtime starts threads before `main`,
/// and a signal is delivered to any thread that does not block it.)
public enum TemporaryDirectories {
    private static let paths = Mutex<Set<String>>([])
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Makes a new private directory `PREFIX-UUID` under the system's temporary directory and registers it.
    public static func make(prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/" + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        paths.withLock { _ = $0.insert(path) }
        return path
    }

    /// Removes `path` (and forgets it).
    public static func remove(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The directories registered now (for tests).
    public static var registered: Set<String> { paths.withLock { $0 } }

    /// Installs the handler and starts the thread that cleans up.
    public static func installSignalCleanup() {
        // A parent may have started us with these signals blocked (a mask is inherited across exec; a program
        // spawned from a libdispatch worker thread gets that thread's): unblocked here, before the cleanup thread
        // starts (it inherits this mask, and re-raises the signal in itself), they arrive.
        var set = sigset_t()
        sigemptyset(&set)
        for number in signals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        signalPipe = fds[1]
        let reader = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        reader.pointee = fds[0]
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                let descriptor = argument.assumingMemoryBound(to: Int32.self).pointee
                var number: UInt8 = 0
                while true {
                    let count = read(descriptor, &number, 1)
                    if count == 1 { break }
                    if count < 0 && errno == EINTR { continue }
                    return nil
                }
                for path in TemporaryDirectories.paths.withLock({ $0 }) {
                    try? FileManager.default.removeItem(atPath: path)
                }
                // Die of the same signal, as an unhandled one would have killed the process.
                let received = Int32(number)
                signal(received, SIG_DFL)
                raise(received)
                _exit(128 + received)
            }, reader)
        guard started == 0 else { return }
        pthread_detach(thread)
        for number in signals {
            var action = sigaction()
            #if canImport(Glibc) || canImport(Musl)
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TemporaryDirectories.signalPipe, &byte, 1)
            }
            #else
            action.__sigaction_u.__sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(TemporaryDirectories.signalPipe, &byte, 1)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }

    }

    /// The pipe's write end, read by the signal handler: set once before the handler is installed.
    nonisolated(unsafe) static var signalPipe: Int32 = -1
}
