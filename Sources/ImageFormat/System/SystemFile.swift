#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The module's one layer over libc file calls: each wrapped once, EINTR retried, errors typed.
///
/// A `SystemFile` owns its descriptor (a final class: it is an OS resource) and closes it on deinit. Reads are
/// positional (`pread`), so one file may be shared by several streams reading different regions.
package final class SystemFile: Sendable {
    package let path: String
    /// Immutable after init; the descriptor is only used with positional calls, safe from several threads.
    private let descriptor: Int32

    /// Opens `path` read-only.
    package init(reading path: String) throws(ImageReadError) {
        self.path = path
        let (fd, code) = SystemCalls.open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: code) }
        self.descriptor = fd
    }

    /// Opens `relative` under the directory `root` read-only, following no symbolic link below `root`
    /// (`SystemCalls.openBeneath`): an OCI layout's files are its own, never a link to a host file. Only a regular
    /// file is accepted.
    package init(reading relative: String, beneath root: String) throws(ImageReadError) {
        let path = root.hasSuffix("/") ? root + relative : root + "/" + relative
        self.path = path
        let (fd, code) = SystemCalls.openBeneath(root, relative, O_RDONLY)
        guard fd >= 0 else {
            if code == ELOOP || code == ENOTDIR { throw .symbolicLink(path: path, root: root) }
            throw .io(path: path, operation: "open", errno: code)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .notRegularFile(path: path, root: root)
        }
        self.descriptor = fd
    }

    /// Opens a blob's file: beneath its layout directory when it has one.
    package convenience init(_ location: BlobLocation) throws(ImageReadError) {
        if let root = location.root, let relative = location.relative {
            try self.init(reading: relative, beneath: root)
        } else {
            try self.init(reading: location.path)
        }
    }

    /// Whether `relative` under `root` is absent (as opposed to present, or a link, or unreadable).
    package static func isMissing(_ relative: String, beneath root: String) -> Bool {
        let (fd, code) = SystemCalls.openBeneath(root, relative, O_RDONLY)
        if fd >= 0 { close(fd) }
        return fd < 0 && code == ENOENT
    }

    deinit {
        close(descriptor)
    }

    /// The file's size in bytes.
    package func size() throws(ImageReadError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, operation: "stat", errno: errno) }
        return Int64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    package func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(ImageReadError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var done = 0
        while done < buffer.count {
            let (count, code) = SystemCalls.retrying {
                pread(descriptor, base + done, buffer.count - done, off_t(offset + Int64(done)))
            }
            guard count >= 0 else { throw .io(path: path, operation: "read", errno: code) }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Reads exactly `count` bytes at `offset` (for small documents); fewer means the file is shorter.
    package func readBytes(count: Int, at offset: Int64) throws(ImageReadError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(0, count), alignment: 8)
        defer { buffer.deallocate() }
        let got = try read(into: buffer, at: offset)
        return Array(buffer[0..<got])
    }

    /// Whether `path` is a directory, a regular file, or absent.
    package enum Kind { case directory, file, missing, other }

    package static func kind(of path: String) -> Kind {
        switch SystemCalls.kind(of: path) {
        case .directory: .directory
        case .file: .file
        case .missing: .missing
        case .other: .other
        }
    }

    /// ENOENT, for "no such file" errors raised before any call.
    package static let noSuchFile: Int32 = ENOENT

    /// The text of an errno value.
    package static func describe(errno value: Int32) -> String {
        SystemCalls.message(value)
    }
}
