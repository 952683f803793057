import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a process ended.
enum Termination: Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    var description: String {
        switch self {
        case .exited(let code): return "exit code \(code)"
        case .signaled(let signal): return "signal \(signal)"
        }
    }
}

enum SpawnError: Error, CustomStringConvertible {
    case spawn(String, Int32)
    case timeout(String)
    case io(String)

    var description: String {
        switch self {
        case .spawn(let program, let code): return "cannot start '\(program)': \(String(cString: strerror(code)))"
        case .timeout(let what): return "timed out: \(what)"
        case .io(let what): return what
        }
    }
}

/// A process started with posix_spawn, a clean signal mask and default dispositions, stdout and stderr on
/// pipes, stdin on a pipe or /dev/null. Used by one test at a time.
final class Spawned: @unchecked Sendable {
    let pid: pid_t
    let arguments: [String]
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private var stdinFD: Int32
    private var out: [UInt8] = []
    private var err: [UInt8] = []
    private(set) var termination: Termination?

    /// Held from pipe creation to spawn: the pipes are close-on-exec only once fcntl ran (Glibc's Swift module has
    /// no pipe2), and a process spawned by a parallel test in between would keep their ends open.
    private static let spawning = Mutex(())

    init(_ arguments: [String], stdin: Bool = false, environment: [String: String] = [:]) throws {
        self.arguments = arguments
        let started = try Spawned.spawning.withLock { _ in
            try Spawned.start(arguments, stdin: stdin, environment: environment)
        }
        (pid, stdoutFD, stderrFD, stdinFD) = started
        _ = fcntl(stdoutFD, F_SETFL, fcntl(stdoutFD, F_GETFL) | O_NONBLOCK)
        _ = fcntl(stderrFD, F_SETFL, fcntl(stderrFD, F_GETFL) | O_NONBLOCK)
    }

    /// Runs `body` while no process is spawned: for writing a file that is executed later. Foundation's file
    /// descriptors are not close-on-exec, and one inherited by a parallel test's process makes exec fail with
    /// ETXTBSY.
    static func withoutSpawning<T>(_ body: () throws -> T) throws -> T {
        try spawning.withLock { _ in try body() }
    }

    private static func pipeCloseOnExec() throws -> [Int32] {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SpawnError.io("pipe: \(errno)") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return ends
    }

    private static func start(
        _ arguments: [String], stdin: Bool, environment: [String: String]
    ) throws -> (pid_t, Int32, Int32, Int32) {
        let outPipe = try pipeCloseOnExec()
        let errPipe = try pipeCloseOnExec()
        let inPipe = stdin ? try pipeCloseOnExec() : [-1, -1]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin {
            posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environmentList = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { environmentList.append("\(name)=\(value)") }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environmentList.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let code = posix_spawnp(&child, arguments[0], &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        if stdin { close(inPipe[0]) }
        guard code == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            if stdin { close(inPipe[1]) }
            throw SpawnError.spawn(arguments[0], code)
        }
        return (child, outPipe[0], errPipe[0], stdin ? inPipe[1] : -1)
    }

    deinit {
        if termination == nil {
            killTree()
            _ = try? wait(timeout: .seconds(5))
        }
        close(stdoutFD)
        close(stderrFD)
        if stdinFD >= 0 { close(stdinFD) }
    }

    /// Writes to stdin and closes it.
    func send(_ data: [UInt8]) throws {
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SpawnError.io("write to stdin: \(errno)")
            }
            offset += written
        }
        close(stdinFD)
        stdinFD = -1
    }

    private func drain(_ descriptor: Int32, into buffer: inout [UInt8]) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// The next line of stdout (without the newline).
    func readLine(timeout: Duration = .seconds(10)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = out.firstIndex(of: 0x0A) {
                let line = String(decoding: out[..<newline], as: UTF8.self)
                out.removeSubrange(...newline)
                return line
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                throw SpawnError.timeout("no line from \(arguments) (stderr: \(stderrText))")
            }
            var poller = pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 1000))
            _ = poll(&poller, 1, milliseconds)
            let before = out.count
            drain(stdoutFD, into: &out)
            if out.count == before, poller.revents & Int16(POLLHUP) != 0 {
                throw SpawnError.io("stdout of \(arguments) closed (stderr: \(stderrText))")
            }
        }
    }

    /// Waits for the end; kills the whole tree and throws after `timeout`.
    @discardableResult
    func wait(timeout: Duration = .seconds(20)) throws -> Termination {
        if let termination { return termination }
        let deadline = ContinuousClock.now + timeout
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let low = status & 0x7f
                termination = low == 0 ? .exited((status >> 8) & 0xff) : .signaled(low)
                drain(stdoutFD, into: &out)
                drain(stderrFD, into: &err)
                return termination ?? .exited(-1)
            }
            drain(stdoutFD, into: &out)
            drain(stderrFD, into: &err)
            if ContinuousClock.now > deadline {
                killTree()
                throw SpawnError.timeout("\(arguments) still running after \(timeout)")
            }
            usleep(2000)
        }
    }

    /// Everything written to stdout not yet read by readLine.
    var stdoutText: String {
        drain(stdoutFD, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    var stderrText: String {
        drain(stderrFD, into: &err)
        return String(decoding: err, as: UTF8.self)
    }

    /// The first child of this process (the init that unshare forked), once it exists.
    func firstChild(timeout: Duration = .seconds(10)) throws -> pid_t {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let child = Spawned.children(of: pid).first { return child }
            usleep(500)
        }
        throw SpawnError.timeout("no child of \(arguments)")
    }

    /// The children of `pid`, from /proc (the tester's).
    static func children(of pid: pid_t) -> [pid_t] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8) else {
            return []
        }
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// `pid` and all its descendants.
    static func tree(of pid: pid_t) -> [pid_t] {
        var result = [pid]
        var index = 0
        while index < result.count {
            result += children(of: result[index])
            index += 1
        }
        return result
    }

    /// SIGKILL to this process and every descendant.
    func killTree() {
        for member in Spawned.tree(of: pid).reversed() { kill(member, SIGKILL) }
    }
}
