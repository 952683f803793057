import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The libc calls the image writers make, each wrapped once: EINTR retried, failures typed with the path.
enum DestinationIO {
    static func message(_ code: Int32) -> String {
        SystemCalls.message(code)
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> (T, Int32) {
        SystemCalls.retrying(call)
    }

    /// Creates `path` exclusively (it must not exist), for writing.
    static func createExclusive(_ path: String, mode: mode_t = 0o644) throws(DestinationError) -> Int32 {
        let (fd, code) = SystemCalls.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        guard fd >= 0 else { throw .system(operation: "create", path: path, errno: code) }
        return fd
    }

    static func openForReading(_ path: String) throws(DestinationError) -> Int32 {
        let (fd, code) = SystemCalls.open(path, O_RDONLY)
        guard fd >= 0 else { throw .system(operation: "open", path: path, errno: code) }
        return fd
    }

    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(DestinationError) {
        var offset = 0
        while offset < buffer.count {
            guard let base = buffer.baseAddress else { return }
            let (written, code) = retrying {
                systemWrite(fd, base + offset, buffer.count - offset)
            }
            guard written >= 0 else { throw .system(operation: "write", path: path, errno: code) }
            offset += written
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String
    ) throws(DestinationError) -> Int {
        let (count, code) = retrying { pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
        guard count >= 0 else { throw .system(operation: "read", path: path, errno: code) }
        return count
    }

    private static func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, pointer, count)
        #elseif canImport(Musl)
        Musl.write(fd, pointer, count)
        #else
        Darwin.write(fd, pointer, count)
        #endif
    }

    static func close(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #elseif canImport(Musl)
        _ = Musl.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    static func rename(_ from: String, to: String) throws(DestinationError) {
        let (result, code) = retrying { systemRename(from, to) }
        guard result == 0 else { throw .system(operation: "rename to '\(to)'", path: from, errno: code) }
    }

    private static func systemRename(_ from: String, _ to: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.rename(from, to)
        #elseif canImport(Musl)
        Musl.rename(from, to)
        #else
        Darwin.rename(from, to)
        #endif
    }

    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// The size of a regular file, or nil when there is none.
    static func regularFileSize(_ path: String) -> Int64? {
        guard case .file(let size) = SystemCalls.kind(of: path) else { return nil }
        return size
    }

    /// The size of a regular file that is not a symbolic link, or nil.
    static func regularFileSizeNotFollowing(_ path: String) -> Int64? {
        guard case .file(let size) = SystemCalls.kindNotFollowing(path) else { return nil }
        return size
    }

    /// Refuses `path` when it exists and is not a regular file (a symbolic link, a FIFO, a device, a directory):
    /// a destination never writes through a planted link or replaces a special file with a regular one.
    static func refuseUnlessRegularOrAbsent(_ path: String, destination: String) throws(DestinationError) {
        switch SystemCalls.kindNotFollowing(path) {
        case .missing, .file: return
        case .directory:
            throw .unsupported(destination: destination, reason: "'\(path)' is a directory, not a file")
        case .other:
            throw .unsupported(
                destination: destination,
                reason: "'\(path)' exists and is a symbolic link or a special file (FIFO, device); "
                    + "refusing to write through or replace it")
        }
    }

    /// Refuses `path` when it exists and is anything but a real directory (a symbolic link to one included).
    static func refuseUnlessDirectoryOrAbsent(_ path: String, destination: String) throws(DestinationError) {
        switch SystemCalls.kindNotFollowing(path) {
        case .missing, .directory: return
        case .file, .other:
            throw .unsupported(
                destination: destination,
                reason: "'\(path)' is not a directory (or is a symbolic link); refusing to write blobs through it")
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        SystemCalls.kind(of: path) == .directory
    }

    /// Creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(DestinationError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if parent != path, !parent.isEmpty { try makeDirectories(parent) }
        let (result, code) = retrying { mkdir(path, 0o755) }
        guard result == 0 || code == EEXIST else {
            throw .system(operation: "create directory", path: path, errno: code)
        }
    }

    static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// A name for a temporary file beside `path`, unique within this process.
    static func temporaryName(beside path: String) -> String {
        let serial = TemporaryCounter.next()
        let directory = parentDirectory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? "blob"
        return "\(directory)/.\(base).tmp-\(getpid())-\(serial)"
    }

    static func readWholeFile(_ path: String, limit: Int) throws -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in
                try read(fd, into: buffer, at: Int64(result.count), path: path)
            }
            if count == 0 { return result }
            result += chunk[..<count]
            guard result.count <= limit else {
                throw DestinationError.invalidDocument(destination: path, reason: "it is larger than \(limit) bytes")
            }
        }
    }
}

enum TemporaryCounter {
    private static let value = Atomic<Int>(0)
    static func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
