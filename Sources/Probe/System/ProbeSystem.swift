import CProbe

#if canImport(Glibc)
import Glibc
private let libcClose = Glibc.close
private let libcRead = Glibc.read
private let libcWrite = Glibc.write
#elseif canImport(Musl)
import Musl
private let libcClose = Musl.close
private let libcRead = Musl.read
private let libcWrite = Musl.write
#endif

/// An errno value, typed: what a system call of the probe failed with.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int32

    public init(_ code: Int32) { self.code = code }

    public var description: String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    public static let notFound = Errno(ENOENT)
    public static let exists = Errno(EEXIST)
    public static let notDirectory = Errno(ENOTDIR)
    public static let loop = Errno(ELOOP)
}

/// The probe's one libc layer: every call wrapped once, EINTR retried, failures as `Errno`.
enum ProbeSystem {
    @discardableResult
    static func retrying<T: BinaryInteger>(_ call: () -> T) throws(Errno) -> T {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw Errno(code)
        }
    }

    // MARK: Files beneath a directory descriptor

    static func openAt(_ directory: Int32, _ path: String, _ flags: Int32, mode: mode_t = 0) throws(Errno) -> Int32 {
        try retrying { shipshape_probe_openat(directory, path, flags | O_CLOEXEC, UInt32(mode)) }
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(Errno) -> Int32 {
        try openAt(AT_FDCWD, path, flags, mode: mode)
    }

    static func close(_ descriptor: Int32) {
        _ = libcClose(descriptor)
    }

    static func makeDirectory(_ directory: Int32, _ path: String, mode: mode_t) throws(Errno) {
        try retrying { mkdirat(directory, path, mode) }
    }

    static func unlink(_ directory: Int32, _ path: String, directoryEntry: Bool) throws(Errno) {
        try retrying { unlinkat(directory, path, directoryEntry ? AT_REMOVEDIR : 0) }
    }

    static func makeFIFO(_ directory: Int32, _ path: String, mode: mode_t) throws(Errno) {
        try retrying { mkfifoat(directory, path, mode) }
    }

    static func removeDirectory(_ path: String) throws(Errno) {
        try retrying { rmdir(path) }
    }

    /// One read into `buffer`: the count (0 at end of file).
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        try retrying { libcRead(descriptor, buffer.baseAddress, buffer.count) }
    }

    static func symlink(_ target: String, _ directory: Int32, _ path: String) throws(Errno) {
        try retrying { symlinkat(target, directory, path) }
    }

    static func hardLink(_ directory: Int32, _ existing: String, _ path: String) throws(Errno) {
        try retrying { linkat(directory, existing, directory, path, 0) }
    }

    /// What `path` is, a final symbolic link not followed; nil when nothing is there.
    static func status(_ directory: Int32, _ path: String) throws(Errno) -> stat? {
        var info = stat()
        do {
            try retrying { fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) }
        } catch let error where error == .notFound {
            return nil
        }
        return info
    }

    static func readLink(_ directory: Int32, _ path: String) throws(Errno) -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = try retrying { readlinkat(directory, path, &buffer, 4096) }
        return String(decoding: buffer[0..<Int(count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func changeMode(_ descriptor: Int32, _ mode: mode_t) throws(Errno) {
        try retrying { fchmod(descriptor, mode) }
    }

    static func changeOwner(_ directory: Int32, _ path: String, uid: Int, gid: Int) throws(Errno) {
        try retrying {
            fchownat(
                directory, path, uid_t(truncatingIfNeeded: uid), gid_t(truncatingIfNeeded: gid), AT_SYMLINK_NOFOLLOW)
        }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = try retrying { libcWrite(descriptor, base + offset, bytes.count - offset) }
            offset += written
        }
    }

    /// The names in the directory `descriptor` (consumed: closed when done), `.` and `..` left out.
    static func names(inDirectory descriptor: Int32) throws(Errno) -> [String] {
        guard let stream = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw Errno(code)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Up to `limit` bytes of a file (for /proc files and small configuration files).
    static func read(_ directory: Int32, _ path: String, limit: Int = 1 << 20) throws(Errno) -> [UInt8] {
        let descriptor = try openAt(directory, path, O_RDONLY | O_NOFOLLOW)
        defer { close(descriptor) }
        var result: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 16384, alignment: 8)
        defer { chunk.deallocate() }
        while result.count < limit {
            let count = try retrying { libcRead(descriptor, chunk.baseAddress, min(chunk.count, limit - result.count)) }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    /// Writes all of `bytes`.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws(Errno) {
        let failure = bytes.withUnsafeBytes { raw -> Errno? in
            do {
                try writeAll(descriptor, raw)
                return nil
            } catch let error as Errno {
                return error
            } catch {
                return Errno(EIO)
            }
        }
        if let failure { throw failure }
    }

    static func readFile(_ path: String, limit: Int = 1 << 20) throws(Errno) -> [UInt8] {
        try read(AT_FDCWD, path, limit: limit)
    }

    static func writeFile(_ path: String, _ text: String) throws(Errno) {
        let descriptor = try open(path, O_WRONLY)
        defer { close(descriptor) }
        try writeAll(descriptor, Array(text.utf8))
    }

    /// A new private directory from `template` (ending in XXXXXX).
    static func makeTemporaryDirectory(_ template: String) throws(Errno) -> String {
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkdtemp($0) } ?? nil }
        guard made != nil else { throw Errno(errno) }
        return String(decoding: bytes.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Processes and time

    static func signal(_ pid: Int32, _ signal: Int32) throws(Errno) {
        try retrying { kill(pid, signal) }
    }

    /// The status of `pid` when it has ended (reaped), else nil.
    static func reapIfEnded(_ pid: Int32) throws(Errno) -> Int32? {
        var status: Int32 = 0
        let result = try retrying { waitpid(pid, &status, WNOHANG) }
        return result == 0 ? nil : status
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) < 0 && errno == EINTR {
            if shipshape_probe_interrupted() != 0 { return }
            request = remaining
        }
    }

    static var effectiveUID: UInt32 { geteuid() }
    static var effectiveGID: UInt32 { getegid() }
    static var processID: Int32 { getpid() }
}
