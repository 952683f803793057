#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed file-system call, with the path and the system's reason.
public struct FileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var code: Int32

    public var description: String {
        let reason = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return "cannot \(operation) '\(path)': \(reason)"
    }

    public var isMissing: Bool { code == ENOENT }
}

/// The module's one layer over libc: every call here, EINTR retried, errno captured at once.
enum LocalFile {
    static func retrying<T: BinaryInteger>(_ call: () -> T) -> (T, Int32) {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return (result, result < 0 ? errno : 0)
        }
    }

    static func openForReading(_ path: String) throws(FileError) -> Int32 {
        let (descriptor, code) = retrying { open(path, O_RDONLY | O_CLOEXEC) }
        if descriptor < 0 { throw FileError(operation: "open", path: path, code: code) }
        return descriptor
    }

    /// Creates `path`, which must not exist (O_EXCL: never follows a planted symlink).
    static func create(_ path: String) throws(FileError) -> Int32 {
        let (descriptor, code) = retrying { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        if descriptor < 0 { throw FileError(operation: "create", path: path, code: code) }
        return descriptor
    }

    static func closeFile(_ descriptor: Int32) { _ = close(descriptor) }

    static func size(_ descriptor: Int32, path: String) throws(FileError) -> Int64 {
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw FileError(operation: "stat", path: path, code: errno) }
        return Int64(info.st_size)
    }

    /// Fills `buffer` from `offset`; returns how many bytes were read (fewer only at the end of the file).
    static func read(
        _ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, path: String
    ) throws(FileError) -> Int {
        var done = 0
        while done < buffer.count {
            let (count, code) = retrying {
                pread(
                    descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(offset) + off_t(done))
            }
            if count < 0 { throw FileError(operation: "read", path: path, code: code) }
            if count == 0 { break }
            done += count
        }
        return done
    }

    static func readBytes(_ descriptor: Int32, count: Int, at offset: Int64, path: String) throws(FileError) -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: count)
        var result: Result<Int, FileError> = .success(0)
        bytes.withUnsafeMutableBytes { buffer in
            result = Result { () throws(FileError) -> Int in
                try Self.read(descriptor, into: buffer, at: offset, path: path)
            }
        }
        let read = try result.get()
        if read < count { bytes.removeLast(count - read) }
        return bytes
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileError) {
        var done = 0
        while done < bytes.count {
            let (count, code) = retrying { write(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done) }
            if count < 0 { throw FileError(operation: "write", path: path, code: code) }
            done += count
        }
    }

    static func sync(_ descriptor: Int32, path: String) throws(FileError) {
        let (result, code) = retrying { fsync(descriptor) }
        if result != 0 { throw FileError(operation: "sync", path: path, code: code) }
    }

    static func rename(_ from: String, to: String) throws(FileError) {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #elseif canImport(Musl)
        let result = Musl.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        if result != 0 { throw FileError(operation: "rename to '\(to)'", path: from, code: errno) }
    }

    static func remove(_ path: String) { _ = unlink(path) }

    /// Removes an empty directory.
    static func removeDirectory(_ path: String) { _ = rmdir(path) }

    /// Creates one directory (mode 0700); fails when it exists.
    static func makeDirectory(_ path: String) throws(FileError) {
        if mkdir(path, 0o700) != 0 { throw FileError(operation: "create the directory", path: path, code: errno) }
    }

    /// Creates `path` and its missing parents (mode 0755).
    static func makeDirectories(_ path: String) throws(FileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw FileError(operation: "create the directory", path: prefix, code: errno)
            }
        }
    }

    enum Kind: Equatable {
        case directory
        case file
        case missing
        case other
    }

    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// The names in a directory, sorted, without "." and "..".
    static func list(_ path: String) throws(FileError) -> [String] {
        guard let directory = opendir(path) else { throw FileError(operation: "list", path: path, code: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Maps `count` bytes of `descriptor` read-only.
    static func map(_ descriptor: Int32, count: Int, path: String) throws(FileError) -> UnsafeRawBufferPointer {
        guard count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let address = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw FileError(operation: "map", path: path, code: errno) }
        return UnsafeRawBufferPointer(start: address, count: count)
    }

    static func unmap(_ buffer: UnsafeRawBufferPointer) {
        if let base = buffer.baseAddress { _ = munmap(UnsafeMutableRawPointer(mutating: base), buffer.count) }
    }

    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    static func processID() -> Int32 { getpid() }
}
