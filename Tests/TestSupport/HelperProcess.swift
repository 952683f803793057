import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A long-running helper program for a test (a registry, a service, `pg_ctl`), started by `ChildSpawn` (nothing
/// inherited that hangs tests), standard input from /dev/null, output appended to a log file nobody has to drain.
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
        let pid = try ChildSpawn.spawn(
            executable, arguments, environment: environment, directory: directory, stdin: .file("/dev/null", O_RDONLY),
            stdout: .file(logPath, O_WRONLY | O_APPEND | O_CREAT), stderr: .duplicate(1))
        self.pid = pid
        LiveChildren.add(pid)
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
