import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A long-running helper program for a test (a registry, a service, `pg_ctl`), started with `posix_spawn` so that
/// it cannot inherit what hangs tests:
/// - no descriptor but its standard ones (`closefrom(3)`): a pipe another test is reading is never held open by a
///   server that outlives it (Foundation's `Pipe` is not close-on-exec, and `system(3)` passes everything on);
/// - an empty signal mask and default dispositions: a test thread may block SIGTERM, and the child would inherit it;
/// - standard input from /dev/null, output appended to a log file nobody has to drain.
///
/// It is polled with `waitpid(WNOHANG)` against a deadline, never waited for bare, and `kill()` is SIGKILL.
public final class HelperProcess: @unchecked Sendable {
    // @unchecked: `status` is written under the lock only.
    public let pid: pid_t
    public let logPath: String
    private let lock = NSLock()
    private var status: Int32?

    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Starts `executable` with `arguments`; `environment` is added to this process's.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        logPath: String
    ) throws {
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let directory {
            guard let addchdir = Self.addchdir else {
                throw TestFailure("glibc lacks posix_spawn_file_actions_addchdir_np (2.29 or later)")
            }
            _ = addchdir(&actions, directory)
        }
        guard let addclosefrom = Self.addclosefrom else {
            throw TestFailure("glibc lacks posix_spawn_file_actions_addclosefrom_np (2.34 or later)")
        }
        _ = addclosefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // The runner's process group: a Ctrl-C at the terminal stops these too.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw TestFailure("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        LiveChildren.add(pid)
    }

    // glibc's `_np` spawn actions (2.29, 2.34) are not in Swift's Glibc module: looked up by name.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private static let addclosefrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
    private static let addchdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }

    /// Whether it still runs (reaps it once it has ended).
    public var isRunning: Bool { exitStatus == nil }

    /// The wait status once it ended (reaped here), else nil.
    public var exitStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var value: Int32 = 0
        let result = waitpid(pid, &value, WNOHANG)
        if result == pid {
            status = value
        } else if result < 0 && errno == ECHILD {
            status = -1
        }
        if status != nil { LiveChildren.remove(pid) }
        return status
    }

    /// The exit code (or 128 + the signal that ended it) once it ends within `seconds`; nil if it still runs then.
    public func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let status = exitStatus { return Self.code(status) }
            if Date() >= deadline { return nil }
            usleep(20_000)
        }
    }

    /// `wait(seconds:)` without holding a thread: polls every 20 ms with `Task.sleep`.
    public func exit(within seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let status = exitStatus { return Self.code(status) }
            if Date() >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs a program that should end by itself (`shipshape copy`, `garbage-collect`) within `seconds`, its output
    /// in `logPath`; past the deadline it is killed and this throws, naming the command and quoting its output.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
        logPath: String, seconds: Double = 120
    ) async throws -> (status: Int32, output: String) {
        try? FileManager.default.removeItem(atPath: logPath)
        let child = try HelperProcess(
            executable, arguments, environment: environment, directory: directory, logPath: logPath)
        guard let status = await child.exit(within: seconds) else {
            child.kill()
            throw TestFailure(
                "\(executable) \(arguments.joined(separator: " ")) did not end within \(seconds) s: \(child.log.suffix(2000))"
            )
        }
        return (status, child.log)
    }

    /// Sends `signal` (SIGTERM to ask it to stop).
    public func signal(_ number: Int32) {
        if isRunning { _ = Glibc.kill(pid, number) }
    }

    /// SIGKILL, and reaps it (bounded).
    public func kill() {
        guard isRunning else { return }
        _ = Glibc.kill(pid, SIGKILL)
        _ = wait(seconds: 10)
    }

    deinit { kill() }

    /// `waitpid`'s status as a shell shows it: the exit code, or 128 + the signal.
    static func code(_ status: Int32) -> Int32 {
        if status < 0 { return -1 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// The helper programs still running, SIGKILLed when the test process exits (a test that failed half-way, or was
/// interrupted, leaves no registry or service behind).
private enum LiveChildren {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pids: Set<pid_t> = []
    nonisolated(unsafe) private static var registered = false

    static func add(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        pids.insert(pid)
        if !registered {
            registered = true
            atexit {
                for pid in LiveChildren.snapshot() { _ = Glibc.kill(pid, SIGKILL) }
            }
        }
    }

    static func remove(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        pids.remove(pid)
    }

    static func snapshot() -> [pid_t] {
        lock.lock()
        defer { lock.unlock() }
        return Array(pids)
    }
}
