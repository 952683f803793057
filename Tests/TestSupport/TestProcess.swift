import Foundation

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
    /// in `directory`, with `environment` added to this process's. `input` is read on standard input from a
    /// temporary file (opened, then removed), so a program that stops reading early cannot raise SIGPIPE here;
    /// without it standard input is empty. Both output pipes are read while the program runs, so it never blocks
    /// on a full pipe.
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil,
        environment: [String: String] = [:], input: Data? = nil, errors: ErrorOutput = .separate
    ) throws -> Output {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        let error = Pipe()
        var inputFile: FileHandle?
        if let input {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("test-input-\(UUID().uuidString)")
            try input.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            inputFile = try FileHandle(forReadingFrom: file)
        }
        defer { try? inputFile?.close() }
        process.standardOutput = output
        switch errors {
        case .separate: process.standardError = error
        case .merged: process.standardError = output
        case .discarded: process.standardError = FileHandle.nullDevice
        }
        process.standardInput = inputFile ?? FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        let collected = Collected()
        if errors == .separate {
            DispatchQueue.global().async(group: group) {
                collected.stderr = error.fileHandleForReading.readDataToEndOfFile()
            }
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdoutData: stdout,
            stderr: String(decoding: collected.stderr, as: UTF8.self))
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

/// The standard error a background read collects; read only after the group is waited for.
private final class Collected: @unchecked Sendable {
    // @unchecked: written once by the reading task, read after DispatchGroup.wait(), which orders the two.
    var stderr = Data()
}
