import Foundation
import ImageFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a layer to build: its tar header, normalised, and for a regular file the host file its bytes
/// come from.
public struct LayerFile: Sendable, Hashable {
    public var entry: TarEntry
    public var source: String?

    public init(entry: TarEntry, source: String? = nil) {
        self.entry = entry
        self.source = source
    }
}

/// Turns `--add` groups into normalised layer entries: sorted by path, owners fixed, mtimes set to
/// SOURCE_DATE_EPOCH, modes reduced to 0755/0644 (or the group's MODE), symlinks kept as links, parent
/// directories of DEST created root-owned 0755, no device files, no sockets, no xattrs.
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

    /// A layer's entries: parents added, duplicates resolved (the later addition wins), sorted by path.
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
        return byPath.values.sorted { key($0.entry.path) < key($1.entry.path) }
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
                    source: source))
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
                throw .unreadable(path: source, reason: "\(error.localizedDescription)")
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
