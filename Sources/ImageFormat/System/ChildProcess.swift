#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to completion with posix_spawn, the one process runner of the libraries (FoundationEssentials has
/// no `Process`): standard input from bytes given up front, standard output (and optionally standard error)
/// collected. Both output pipes are read together with poll(2), so a child that fills one while we wait on the other
/// cannot deadlock; every call is retried on EINTR.
package enum ChildProcess {
    /// What becomes of the child's standard error.
    package enum ErrorOutput: Sendable {
        case discard
        case capture
    }

    /// A finished child: its exit status (128 + the signal number when a signal ended it) and what it printed.
    package struct Output: Sendable {
        package var status: Int32
        package var stdout: [UInt8]
        package var stderr: [UInt8]
    }

    /// At most this much input: it is written into the pipe before the child starts, so it must fit the pipe.
    package static let inputLimit = 16 << 10

    /// Runs `arguments[0]` (an absolute path) with `arguments`, in this process's environment. Output past
    /// `outputLimit` bytes a stream is read and dropped, so the child is never blocked.
    package static func run(
        _ arguments: [String], input: [UInt8] = [], errors: ErrorOutput = .discard, outputLimit: Int = 4 << 20
    ) throws(ChildProcessError) -> Output {
        guard let program = arguments.first else { throw .spawn(program: "", errno: EINVAL) }
        guard input.count <= inputLimit else { throw .inputTooLarge(program: program, limit: inputLimit) }
        // Every descriptor we own, closed exactly once: here as soon as it is not needed, or on the way out.
        var owned = Descriptors()
        defer { owned.closeAll() }
        let stdin = try owned.pipe()
        // Input first, while we hold the read end: no SIGPIPE, no blocking (it fits the pipe's buffer).
        var written = 0
        while written < input.count {
            let (count, code) = retrying {
                input[written...].withUnsafeBytes { write(stdin.write, $0.baseAddress, $0.count) }
            }
            guard count > 0 else { throw .io(program: program, errno: code) }
            written += count
        }
        owned.close(stdin.write)
        let stdout = try owned.pipe()
        let stderr = try errors == .capture ? owned.pipe() : nil

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.write, 1)
        if let stderr {
            posix_spawn_file_actions_adddup2(&actions, stderr.write, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw .spawn(program: program, errno: spawned) }
        // Only the child keeps these ends; our copies would hold the pipes open.
        owned.close(stdin.read)
        owned.close(stdout.write)
        if let stderr { owned.close(stderr.write) }

        var output = Output(status: 0, stdout: [], stderr: [])
        var readError: Int32 = 0
        var streams: [(descriptor: Int32, isStdout: Bool)] = [(stdout.read, true)]
        if let stderr { streams.append((stderr.read, false)) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while !streams.isEmpty && readError == 0 {
            var polled = streams.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            let (ready, code) = retrying { poll(&polled, nfds_t(polled.count), -1) }
            guard ready >= 0 else {
                readError = code
                break
            }
            var open: [(descriptor: Int32, isStdout: Bool)] = []
            for (stream, state) in zip(streams, polled) {
                guard state.revents != 0 else {
                    open.append(stream)
                    continue
                }
                let (count, code) = retrying {
                    buffer.withUnsafeMutableBytes { read(stream.descriptor, $0.baseAddress, $0.count) }
                }
                if count < 0 { readError = code }
                if count <= 0 { continue }  // end of the stream (or an error, reported below)
                if stream.isStdout {
                    output.stdout += buffer[0..<min(count, max(0, outputLimit - output.stdout.count))]
                } else {
                    output.stderr += buffer[0..<min(count, max(0, outputLimit - output.stderr.count))]
                }
                open.append(stream)
            }
            streams = open
        }
        var status: Int32 = 0
        let (waited, waitCode) = retrying { waitpid(pid, &status, 0) }
        guard waited == pid else { throw .wait(program: program, errno: waitCode) }
        if readError != 0 { throw .io(program: program, errno: readError) }
        // The wait status: the low 7 bits are the signal that ended the child (0 if it exited), then the exit code.
        let signal = status & 0x7F
        output.status = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return output
    }

    private struct Pipe {
        var read: Int32
        var write: Int32
    }

    /// The open descriptors of one run. A descriptor is closed once: closing a number twice could close a file
    /// another thread has opened under it since.
    private struct Descriptors {
        var open: Set<Int32> = []

        mutating func pipe() throws(ChildProcessError) -> Pipe {
            var descriptors: [Int32] = [-1, -1]
            // pipe2(2) is not in the Glibc module (it needs _GNU_SOURCE); close-on-exec is set right after, so
            // only a program another thread starts in between could inherit the ends.
            let (result, code) = retrying { Glibc.pipe(&descriptors) }
            guard result == 0 else { throw .pipe(errno: code) }
            open.formUnion(descriptors)
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            return Pipe(read: descriptors[0], write: descriptors[1])
        }

        mutating func close(_ descriptor: Int32) {
            // close(2) is not retried on EINTR: on Linux the descriptor is released even then.
            if open.remove(descriptor) != nil { _ = systemClose(descriptor) }
        }

        mutating func closeAll() {
            for descriptor in open { _ = systemClose(descriptor) }
            open = []
        }
    }

    private static func systemClose(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(descriptor)
        #elseif canImport(Musl)
        Musl.close(descriptor)
        #else
        Darwin.close(descriptor)
        #endif
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> (T, Int32) {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return (result, result < 0 ? errno : 0)
        }
    }
}

/// Why a child process could not be run or read.
package enum ChildProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    case pipe(errno: Int32)
    case spawn(program: String, errno: Int32)
    case io(program: String, errno: Int32)
    case wait(program: String, errno: Int32)
    case inputTooLarge(program: String, limit: Int)

    package var description: String {
        switch self {
        case .pipe(let code): "cannot create a pipe: \(SystemCalls.message(code))"
        case .spawn(let program, let code): "cannot run '\(program)': \(SystemCalls.message(code))"
        case .io(let program, let code): "cannot talk to '\(program)': \(SystemCalls.message(code))"
        case .wait(let program, let code): "cannot wait for '\(program)': \(SystemCalls.message(code))"
        case .inputTooLarge(let program, let limit): "the input for '\(program)' is larger than \(limit) bytes"
        }
    }
}
