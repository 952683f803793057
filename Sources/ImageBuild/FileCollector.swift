import FoundationEssentials
import ImageFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a layer to build: its tar header, normalised, and for a regular file (or a hard link to one) the
/// host file its bytes come from.
public struct LayerFile: Sendable, Hashable {
    public var entry: TarEntry
    public var source: String?
    /// For a host file with more than one name (st_nlink > 1): which file it is, so that the layer can store the
    /// later names as hard links to the first.
    public var identity: FileIdentity?

    public init(entry: TarEntry, source: String? = nil, identity: FileIdentity? = nil) {
        self.entry = entry
        self.source = source
        self.identity = identity
    }
}

/// A host file's identity: its device and inode numbers (stat's st_dev, st_ino).
public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}

/// Turns `--add` groups into normalised layer entries: sorted by path, owners fixed, mtimes set to
/// SOURCE_DATE_EPOCH, modes reduced to 0755/0644 (or the group's MODE), symlinks kept as links, hard links kept
/// as hard links within a layer, parent directories of DEST created root-owned 0755, no device files, no sockets, no xattrs.
public enum FileCollector {
    /// The entries one addition contributes, without the parents of its destination.
    public static func collect(
        _ addition: Addition, owner: (uid: Int, gid: Int), mtime: Int64
    ) throws(BuildError) -> [LayerFile] {
        var result: [LayerFile] = []
        let destination = normalise(addition.destination)
        try walk(
            source: addition.source, destination: destination, addition: addition, owner: owner, mtime: mtime,
            depth: 0, into: &result)
        return result
    }

    /// The directories above `path` (`usr/`, `usr/local/` for `usr/local/bin`), root-owned 0755.
    public static func parents(of path: String, mtime: Int64) -> [LayerFile] {
        var result: [LayerFile] = []
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += component + "/"
            result.append(
                LayerFile(entry: TarEntry(path: prefix, kind: .directory, mode: 0o755, modificationTime: mtime)))
        }
        return result
    }

    /// A layer's entries: parents added, duplicates resolved (the later addition wins), sorted by path, and the
    /// second and later names of one host file stored as hard links to the first (see `linkingNames`).
    public static func layer(_ groups: [[LayerFile]], mtime: Int64) -> [LayerFile] {
        var byPath: [String: LayerFile] = [:]
        for group in groups {
            for file in group {
                for parent in parents(of: file.entry.path, mtime: mtime) where byPath[key(parent.entry.path)] == nil {
                    byPath[key(parent.entry.path)] = parent
                }
                byPath[key(file.entry.path)] = file
            }
        }
        return linkingNames(byPath.values.sorted { key($0.entry.path) < key($1.entry.path) })
    }

    /// Hard links, as tar(1) and buildah store them: the first name of a host file in the layer's order is a
    /// regular entry with the content, each later name a hard-link entry (typeflag '1', POSIX ustar) whose
    /// linkname is the first name, with no content. A later name whose header would differ from the first's (a
    /// different MODE, owner or size, say from another `--add`) stays a copy, since a hard link shares the
    /// first name's inode and so its mode and owner.
    static func linkingNames(_ files: [LayerFile]) -> [LayerFile] {
        var firstNames: [FileIdentity: TarEntry] = [:]
        var result = files
        for index in result.indices where result[index].entry.kind == .regular {
            guard let identity = result[index].identity else { continue }
            let entry = result[index].entry
            guard let first = firstNames[identity] else {
                firstNames[identity] = entry
                continue
            }
            guard first.mode == entry.mode, first.uid == entry.uid, first.gid == entry.gid, first.size == entry.size
            else { continue }
            result[index].entry = TarEntry(
                path: entry.path, kind: .hardLink, mode: entry.mode, uid: entry.uid, gid: entry.gid,
                linkTarget: first.path, modificationTime: entry.modificationTime)
        }
        return result
    }

    /// Paths compare without their trailing slash, so a directory sorts right before its content.
    static func key(_ path: String) -> String {
        path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// `/usr//local/./bin/` → `usr/local/bin`.
    static func normalise(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    private static func walk(
        source: String, destination: String, addition: Addition, owner: (uid: Int, gid: Int), mtime: Int64,
        depth: Int, into result: inout [LayerFile]
    ) throws(BuildError) {
        guard depth < 256 else { throw .unreadable(path: source, reason: "directories nest deeper than 256 levels") }
        var info = stat()
        guard lstat(source, &info) == 0 else {
            throw .unreadable(path: source, reason: String(cString: strerror(errno)))
        }
        let type = info.st_mode & S_IFMT
        let path = destination
        switch type {
        case S_IFREG:
            guard !path.isEmpty else {
                throw .invalidAddition(addition.source, reason: "a file cannot be added as '/'")
            }
            let executable = info.st_mode & 0o111 != 0
            let mode = addition.mode ?? (executable ? 0o755 : 0o644)
            result.append(
                LayerFile(
                    entry: TarEntry(
                        path: path, kind: .regular, size: Int64(info.st_size), mode: mode, uid: owner.uid,
                        gid: owner.gid, modificationTime: mtime),
                    source: source,
                    identity: info.st_nlink > 1
                        ? FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)) : nil))
        case S_IFLNK:
            guard !path.isEmpty else {
                throw .invalidAddition(addition.source, reason: "a link cannot be added as '/'")
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(source, &buffer, buffer.count - 1)
            guard count >= 0 else { throw .unreadable(path: source, reason: String(cString: strerror(errno))) }
            let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            result.append(
                LayerFile(
                    entry: TarEntry(
                        path: path, kind: .symbolicLink, mode: 0o777, uid: owner.uid, gid: owner.gid,
                        linkTarget: target, modificationTime: mtime)))
        case S_IFDIR:
            if !path.isEmpty {
                result.append(
                    LayerFile(
                        entry: TarEntry(
                            path: path + "/", kind: .directory, mode: 0o755, uid: owner.uid, gid: owner.gid,
                            modificationTime: mtime)))
            }
            let children: [String]
            do {
                children = try FileManager.default.contentsOfDirectory(atPath: source)
            } catch {
                throw .unreadable(path: source, reason: "\(errorReason(error))")
            }
            for child in children.sorted() {
                try walk(
                    source: source + "/" + child, destination: path.isEmpty ? child : path + "/" + child,
                    addition: addition, owner: owner, mtime: mtime, depth: depth + 1, into: &result)
            }
        case S_IFIFO: throw .unsupportedFile(path: source, kind: "named pipe")
        case S_IFSOCK: throw .unsupportedFile(path: source, kind: "socket")
        case S_IFCHR, S_IFBLK: throw .unsupportedFile(path: source, kind: "device")
        default: throw .unsupportedFile(path: source, kind: "file of unknown type")
        }
    }
}
