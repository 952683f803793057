#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written front to back (FoundationEssentials has no `FileHandle`): created or truncated, each write
/// complete (short writes continued, EINTR retried), the descriptor closed on `close()` or deinit.
package final class OutputFile {
    package let path: String
    private var descriptor: Int32

    /// Creates `path` (mode 0644 before the umask) or truncates it.
    package init(creating path: String) throws(OutputFileError) {
        self.path = path
        let (fd, code) = SystemCalls.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
        guard fd >= 0 else { throw OutputFileError(path: path, operation: "create", errno: code) }
        descriptor = fd
    }

    deinit {
        if descriptor >= 0 { _ = Self.systemClose(descriptor) }
    }

    /// Writes all of `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(OutputFileError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let (count, code) = SystemCalls.retrying { Self.systemWrite(descriptor, base + done, bytes.count - done) }
            guard count > 0 else { throw OutputFileError(path: path, operation: "write", errno: code) }
            done += count
        }
    }

    /// Closes the file; a failure (a delayed write error) is reported.
    package func close() throws(OutputFileError) {
        guard descriptor >= 0 else { return }
        let result = Self.systemClose(descriptor)
        let code = errno
        descriptor = -1
        // EINTR from close(2) still releases the descriptor on Linux; it is not an error of the data.
        if result != 0 && code != EINTR { throw OutputFileError(path: path, operation: "close", errno: code) }
    }

    /// Writes `text` to standard error in one call (diagnostics that must not interleave mid-line).
    package static func writeStandardError(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var done = 0
            while done < buffer.count {
                let (count, _) = SystemCalls.retrying { systemWrite(2, base + done, buffer.count - done) }
                guard count > 0 else { return }
                done += count
            }
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, pointer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, pointer, count)
        #else
        Darwin.write(descriptor, pointer, count)
        #endif
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
}

/// A file that could not be created, written or closed.
package struct OutputFileError: Error, Sendable, Hashable, CustomStringConvertible {
    package var path: String
    package var operation: String
    package var errno: Int32

    package var description: String { "cannot \(operation) '\(path)': \(SystemCalls.message(errno))" }
    /// The reason alone, for messages that name the path themselves.
    package var reason: String { SystemCalls.message(errno) }
}
