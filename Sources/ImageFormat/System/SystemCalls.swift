#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The libc primitives the readers (`SystemFile`) and the writers (`DestinationIO`) share: EINTR retried once
/// here, errno captured right after the call, stat answered in one place. Each side types the errors its own way.
enum SystemCalls {
    /// Runs `call` until it is not interrupted; returns its result and the errno of a failure (0 on success).
    static func retrying<T: BinaryInteger>(_ call: () -> T) -> (T, Int32) {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return (result, result < 0 ? errno : 0)
        }
    }

    /// Opens `path` with close-on-exec added to `flags`.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) -> (descriptor: Int32, errno: Int32) {
        retrying { systemOpen(path, flags | O_CLOEXEC, mode) }
    }

    private static func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags, mode)
        #elseif canImport(Musl)
        Musl.open(path, flags, mode)
        #else
        Darwin.open(path, flags, mode)
        #endif
    }

    /// Opens `relative` (slash-separated names, no `.` or `..`) under the directory `root` without following a
    /// symbolic link anywhere below `root`: each directory is opened with `openat(O_DIRECTORY | O_NOFOLLOW)` from
    /// the one above, the file itself with `O_NOFOLLOW` (and `O_NONBLOCK`, so a FIFO planted there does not
    /// block the open). `root` itself is what the user named, and is followed. A link gives ELOOP (or ENOTDIR for
    /// a directory on some systems).
    static func openBeneath(_ root: String, _ relative: String, _ flags: Int32, mode: mode_t = 0) -> (
        descriptor: Int32, errno: Int32
    ) {
        let names = relative.split(separator: "/", omittingEmptySubsequences: true)
        guard !names.isEmpty, !names.contains(where: { $0 == "." || $0 == ".." }) else { return (-1, EINVAL) }
        let (top, code) = open(root, O_RDONLY | O_DIRECTORY)
        guard top >= 0 else { return (-1, code) }
        var directory = top
        for name in names.dropLast() {
            let (next, nextCode) = retrying {
                openat(directory, String(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            close(directory)
            guard next >= 0 else { return (-1, nextCode) }
            directory = next
        }
        let last = String(names[names.count - 1])
        let parent = directory
        let (fd, error) = retrying { openat(parent, last, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode) }
        close(parent)
        return (fd, error)
    }

    /// The text of an errno value.
    static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// What `path` is (following symlinks), and a regular file's size.
    enum Kind: Equatable {
        case directory
        case file(size: Int64)
        case missing
        case other
    }

    /// What `path` itself is, a symbolic link not followed: a link (to anything) is `.other`.
    static func kindNotFollowing(_ path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file(size: Int64(info.st_size))
        default: return .other
        }
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file(size: Int64(info.st_size))
        default: return .other
        }
    }
}
