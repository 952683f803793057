import CProbe

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The private temporary directory of one probe: `root/` (the image's filesystem) and `output.log` (what the
/// program printed). Every path of the image is resolved inside `root` (see `resolve`), and `remove()` takes
/// everything away again, without following a single symbolic link.
public final class ProbeRoot: @unchecked Sendable {
    // @unchecked: used by one task at a time (unpack, then run, then remove); the descriptors are never shared.

    /// The temporary directory (`$TMPDIR/shipshape-probe-XXXXXX`).
    public let directory: String
    /// `directory/root`.
    public let rootPath: String
    /// `directory/output.log`.
    public let outputPath: String
    /// A descriptor of `root`, which every path of the image is resolved beneath.
    let descriptor: Int32
    private let directoryDescriptor: Int32
    private var removed = false

    /// At most this many symbolic links are followed in one path (Linux's limit).
    static let maximumLinks = 40

    public init(temporaryDirectory: String) throws(ProbeError) {
        let base = temporaryDirectory.hasSuffix("/") ? String(temporaryDirectory.dropLast()) : temporaryDirectory
        do {
            directory = try ProbeSystem.makeTemporaryDirectory(base + "/shipshape-probe-XXXXXX")
        } catch {
            throw .system(what: "cannot create a temporary directory in '\(base)'", errno: error)
        }
        rootPath = directory + "/root"
        outputPath = directory + "/output.log"
        do {
            directoryDescriptor = try ProbeSystem.open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            try ProbeSystem.makeDirectory(directoryDescriptor, "root", mode: 0o755)
            descriptor = try ProbeSystem.openAt(directoryDescriptor, "root", O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        } catch {
            throw .system(what: "cannot prepare the probe's root in '\(directory)'", errno: error)
        }
    }

    deinit {
        remove()
    }

    /// Removes the temporary directory and everything in it (idempotent).
    public func remove() {
        guard !removed else { return }
        removed = true
        ProbeSystem.close(descriptor)
        try? Self.removeTree(directoryDescriptor, "root")
        try? ProbeSystem.unlink(directoryDescriptor, "output.log", directoryEntry: false)
        ProbeSystem.close(directoryDescriptor)
        try? ProbeSystem.removeDirectory(directory)
    }

    // MARK: Resolution

    /// `path` (relative to the image's root, `/`-separated) resolved inside the root, as the kernel would resolve it
    /// after a pivot_root there: `..` stops at the root, an absolute symbolic link starts again at the root, a link
    /// in a parent is followed inside the root. The result names only real directories up to its last component
    /// (which is followed too when `followLast`), so the host's kernel, walking it beneath `descriptor`, never meets
    /// a symbolic link. Missing components are kept as named (the caller creates them).
    func resolve(_ path: String, followLast: Bool) throws(Errno) -> [String] {
        var resolved: [String] = []
        var pending: [Substring] = path.split(separator: "/", omittingEmptySubsequences: true).reversed()
        var links = 0
        var missing = false
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            }
            let name = String(component)
            if missing || (pending.isEmpty && !followLast) {
                resolved.append(name)
                continue
            }
            let candidate = (resolved + [name]).joined(separator: "/")
            guard let info = try ProbeSystem.status(descriptor, candidate) else {
                missing = true
                resolved.append(name)
                continue
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                links += 1
                guard links <= Self.maximumLinks else { throw .loop }
                let target = try ProbeSystem.readLink(descriptor, candidate)
                if target.hasPrefix("/") { resolved.removeAll() }
                pending.append(contentsOf: target.split(separator: "/", omittingEmptySubsequences: true).reversed())
                continue
            }
            if !pending.isEmpty && info.st_mode & S_IFMT != S_IFDIR { throw .notDirectory }
            resolved.append(name)
        }
        return resolved
    }

    /// Resolves `path` inside the root and creates the directories it names that are missing (mode 0755, owned
    /// by root, as a runtime does for a layer's implicit parents); returns the resolved relative path ("" for the
    /// root itself).
    func makeDirectories(_ path: String) throws(Errno) -> String {
        let components = try resolve(path, followLast: true)
        var current = ""
        for component in components {
            current = current.isEmpty ? component : current + "/" + component
            if let info = try ProbeSystem.status(descriptor, current) {
                guard info.st_mode & S_IFMT == S_IFDIR else { throw .notDirectory }
                continue
            }
            try ProbeSystem.makeDirectory(descriptor, current, mode: 0o755)
        }
        return current
    }

    // MARK: Removal

    /// Removes `name` in the directory `parent`, a directory with everything in it, links never followed: each
    /// directory is opened with O_NOFOLLOW from the descriptor of the one above.
    static func removeTree(_ parent: Int32, _ name: String, depth: Int = 0) throws(Errno) {
        guard let info = try ProbeSystem.status(parent, name) else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            guard depth < 4096 else { throw Errno(ELOOP) }
            let directory = try ProbeSystem.openAt(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            defer { ProbeSystem.close(directory) }
            // A directory without write permission (0555) cannot lose its entries: give it back to the owner.
            _ = try? ProbeSystem.changeMode(directory, 0o700)
            let listing = try ProbeSystem.openAt(directory, ".", O_RDONLY | O_DIRECTORY)
            for child in try ProbeSystem.names(inDirectory: listing) {
                try removeTree(directory, child, depth: depth + 1)
            }
            try ProbeSystem.unlink(parent, name, directoryEntry: true)
        } else {
            try ProbeSystem.unlink(parent, name, directoryEntry: false)
        }
    }

    /// Removes whatever is at the resolved relative `path` (nothing when nothing is there).
    func removeResolved(_ path: String) throws(Errno) {
        guard !path.isEmpty else { return }
        let (parent, name) = Self.split(path)
        if parent.isEmpty {
            try Self.removeTree(descriptor, name)
            return
        }
        let parentDescriptor: Int32
        do {
            parentDescriptor = try ProbeSystem.openAt(descriptor, parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        } catch let error where error == .notFound || error == .notDirectory {
            return  // A whiteout for something the lower layers never had.
        }
        defer { ProbeSystem.close(parentDescriptor) }
        try Self.removeTree(parentDescriptor, name)
    }

    /// `a/b/c` → (`a/b`, `c`); `c` → (``, `c`).
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// Replaces whatever is at `name` (a top-level entry: `proc`, `dev`) with an empty real directory, so the
    /// mounts the namespace child makes there land inside the root whatever the image put at that name.
    func prepareMountPoint(_ name: String) throws(Errno) {
        try Self.removeTree(descriptor, name)
        try ProbeSystem.makeDirectory(descriptor, name, mode: 0o755)
    }

    /// Reads the file at `path` inside the root (links resolved inside it), or nil when it is not there.
    func readFile(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        guard let resolved = try? resolve(path, followLast: true), !resolved.isEmpty else { return nil }
        return try? ProbeSystem.read(descriptor, resolved.joined(separator: "/"), limit: limit)
    }

    /// Writes `bytes` as the regular file at the top-level `name` (replacing what is there), mode `mode`.
    func writeTopLevelFile(_ name: String, bytes: [UInt8], mode: mode_t) throws(Errno) {
        try Self.removeTree(descriptor, name)
        let file = try ProbeSystem.openAt(descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
        defer { ProbeSystem.close(file) }
        try ProbeSystem.writeAll(file, bytes)
        try ProbeSystem.changeMode(file, mode)
    }
}
