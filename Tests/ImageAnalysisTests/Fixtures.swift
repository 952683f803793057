import ImageAnalysis
import ImageFormat

/// Compact builders for layer entries in tests.
enum Layer {
    typealias Item = (entry: TarEntry, content: [UInt8])

    static func dir(_ path: String, mode: UInt32 = 0o755, uid: Int = 0) -> Item {
        (TarEntry(path: path.hasSuffix("/") ? path : path + "/", kind: .directory, mode: mode, uid: uid), [])
    }

    static func file(_ path: String, _ size: Int, mode: UInt32 = 0o644, uid: Int = 0) -> Item {
        (
            TarEntry(path: path, kind: .regular, size: Int64(size), mode: mode, uid: uid),
            [UInt8](repeating: 0x61, count: size)
        )
    }

    static func file(_ path: String, text: String, mode: UInt32 = 0o644) -> Item {
        let bytes = Array(text.utf8)
        return (TarEntry(path: path, kind: .regular, size: Int64(bytes.count), mode: mode), bytes)
    }

    static func file(_ path: String, bytes: [UInt8], mode: UInt32 = 0o755) -> Item {
        (TarEntry(path: path, kind: .regular, size: Int64(bytes.count), mode: mode), bytes)
    }

    static func hardLink(_ path: String, to target: String) -> Item {
        (TarEntry(path: path, kind: .hardLink, linkTarget: target), [])
    }

    static func symlink(_ path: String, to target: String) -> Item {
        (TarEntry(path: path, kind: .symbolicLink, mode: 0o777, linkTarget: target), [])
    }

    /// `.wh.NAME` for `path`.
    static func whiteout(_ path: String) -> Item {
        let parts = path.split(separator: "/")
        let name = ".wh." + (parts.last.map(String.init) ?? "")
        let parent = parts.dropLast().joined(separator: "/")
        return (TarEntry(path: parent.isEmpty ? name : parent + "/" + name, kind: .regular), [])
    }

    static func opaque(_ directory: String) -> Item {
        let trimmed = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return (TarEntry(path: trimmed + "/.wh..wh..opq", kind: .regular), [])
    }
}

/// Applies in-memory layers to a merged filesystem.
func merged(_ layers: [[Layer.Item]]) -> MergedFilesystem {
    var filesystem = MergedFilesystem()
    for layer in layers { filesystem.apply(layer.map(\.entry)) }
    return filesystem
}
