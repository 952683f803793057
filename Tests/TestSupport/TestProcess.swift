import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a real program for a test and collects what it printed: the one process runner of every test target.
public enum TestProcess {
    /// What becomes of the program's standard error.
    public enum ErrorOutput: Sendable {
        /// Collected on its own, in ``Output/stderr``.
        case separate
        /// Interleaved into standard output, as a terminal shows it.
        case merged
        /// Thrown away.
        case discarded
    }

    /// The exit status and the output of a finished program.
    public struct Output: Sendable {
        public var status: Int32
        public var stdoutData: Data
        public var stderr: String

        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
        public var succeeded: Bool { status == 0 }
    }

    /// Runs `executable` (an absolute path, or a name looked up in PATH through `/usr/bin/env`) with `arguments`,
    /// in `directory`, with `environment` added to this process's, started by `ChildSpawn`. `input` is read on
    /// standard input from a temporary file (opened, then removed), so a program that stops reading early cannot
    /// raise SIGPIPE here; without it standard input is empty. Both output pipes are read while the program runs,
    /// so it never blocks on a full pipe. Bounded: past `seconds` the program is killed and this throws, quoting
    /// what it printed; once it has exited, a descendant still holding its output open is not waited for (2 s).
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil,
        environment: [String: String] = [:], input: Data? = nil, errors: ErrorOutput = .separate,
        seconds: Double = 900
    ) throws -> Output {
        let path = executable.hasPrefix("/") ? executable : "/usr/bin/env"
        let argv = executable.hasPrefix("/") ? arguments : [executable] + arguments
        var inputPath: String?
        if let input {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("test-input-\(UUID().uuidString)")
            try input.write(to: file)
            inputPath = file.path
        }
        defer { if let inputPath { try? FileManager.default.removeItem(atPath: inputPath) } }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard Self.pipe(&outPipe) else { throw TestFailure("pipe: \(String(cString: strerror(errno)))") }
        guard errors != .separate || Self.pipe(&errPipe) else {
            close(outPipe[0])
            close(outPipe[1])
            throw TestFailure("pipe: \(String(cString: strerror(errno)))")
        }
        let stderr: ChildSpawn.Descriptor =
            switch errors {
            case .separate: .duplicate(errPipe[1])
            case .merged: .duplicate(outPipe[1])
            case .discarded: .file("/dev/null", O_WRONLY)
            }
        let pid: pid_t
        do {
            pid = try ChildSpawn.spawn(
                path, argv, environment: environment, directory: directory,
                stdin: .file(inputPath ?? "/dev/null", O_RDONLY), stdout: .duplicate(outPipe[1]), stderr: stderr)
        } catch {
            for fd in outPipe + errPipe where fd >= 0 { close(fd) }
            throw error
        }
        close(outPipe[1])
        if errPipe[1] >= 0 { close(errPipe[1]) }
        var collected = [Data(), Data()]
        var open = [outPipe[0], errPipe[0]]
        defer { for fd in open where fd >= 0 { close(fd) } }
        let deadline = Date().addingTimeInterval(seconds)
        var exited: (status: Int32, at: Date)?
        var chunk = [UInt8](repeating: 0, count: 65536)
        while open.contains(where: { $0 >= 0 }) {
            if exited == nil {
                var value: Int32 = 0
                if waitpid(pid, &value, WNOHANG) == pid { exited = (value, Date()) }
            }
            if let exited, Date().timeIntervalSince(exited.at) > 2 { break }
            if exited == nil, Date() >= deadline {
                _ = kill(pid, SIGKILL)
                var value: Int32 = 0
                _ = waitpid(pid, &value, 0)
                let printed = String(decoding: collected[0] + collected[1], as: UTF8.self).suffix(2000)
                throw TestFailure(
                    "\(executable) \(arguments.joined(separator: " ")) did not end within \(seconds) s: \(printed)")
            }
            var fds = open.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 100) >= 0 || errno == EINTR else { break }
            for entry in fds where entry.revents != 0 {
                guard let slot = open.firstIndex(of: entry.fd) else { continue }
                let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[slot].append(contentsOf: chunk[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(entry.fd)
                    open[slot] = -1
                }
            }
        }
        // Its output ended; the program itself may not have (it closed its output and runs on): still bounded.
        var status: Int32 = 0
        if let exited {
            status = exited.status
        } else {
            while true {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid { break }
                if result < 0 && errno == ECHILD { throw TestFailure("\(executable): its exit status was lost") }
                guard Date() < deadline else {
                    _ = kill(pid, SIGKILL)
                    _ = waitpid(pid, &status, 0)
                    throw TestFailure(
                        "\(executable) \(arguments.joined(separator: " ")) did not end within \(seconds) s")
                }
                usleep(5_000)
            }
        }
        return Output(
            status: HelperProcess.code(status), stdoutData: collected[0],
            stderr: String(decoding: collected[1], as: UTF8.self))
    }

    /// A pipe whose ends this process keeps to itself (close-on-exec; children close all but 0-2 anyway).
    private static func pipe(_ ends: inout [Int32]) -> Bool {
        guard Glibc.pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Runs `executable` and returns its standard output; throws ``TestFailure`` (with its standard error) when it
    /// exits with a status other than 0.
    @discardableResult
    public static func output(
        _ executable: String, _ arguments: [String], directory: String? = nil, input: Data? = nil
    ) throws -> String {
        let result = try run(executable, arguments, directory: directory, input: input)
        guard result.succeeded else {
            throw TestFailure(
                "\(executable) \(arguments.joined(separator: " ")) exited with \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Whether a program of this name is installed in one of the usual directories.
    public static func exists(_ name: String) -> Bool {
        ["/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/bin/", "/sbin/"].contains {
            FileManager.default.isExecutableFile(atPath: $0 + name)
        }
    }

    /// Whether the tests run as root (CI does; some tests need it).
    public static var isRoot: Bool { getuid() == 0 }
}
