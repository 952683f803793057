import ImageFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What unpacking the layers did.
public struct UnpackSummary: Sendable, Hashable {
    public var entries = 0
    public var bytes: Int64 = 0
    /// Device nodes left out (a container gets its devices from the runtime, never from a layer).
    public var devicesSkipped = 0
    /// Files and directories whose setuid or setgid bit was dropped.
    public var setIDBitsDropped = 0
    public var whiteouts = 0

    public init() {}
}

extension ProbeRoot {
    /// Applies the layers of `image` in order, whiteouts included (OCI image-spec, layer.md "Whiteouts": `.wh.NAME`
    /// hides NAME of the lower layers, `.wh..wh..opq` every lower entry of its directory).
    public func unpack(
        _ image: ResolvedImage, from source: any ImageSource, interrupted: @Sendable () -> Bool
    ) async throws -> UnpackSummary {
        var summary = UnpackSummary()
        let owners = ProbeSystem.effectiveUID == 0
        for layer in image.layers {
            let (layerSummary, _) = try await ImageLayers.withReader(layer, from: source) { reader in
                var applier = LayerApplier(root: self, layer: layer.name, setOwners: owners)
                while let entry = try reader.next() {
                    if interrupted() { break }
                    try applier.apply(entry, reader: reader)
                }
                return applier.summary
            }
            summary.entries += layerSummary.entries
            summary.bytes += layerSummary.bytes
            summary.devicesSkipped += layerSummary.devicesSkipped
            summary.setIDBitsDropped += layerSummary.setIDBitsDropped
            summary.whiteouts += layerSummary.whiteouts
            if interrupted() { break }
        }
        return summary
    }
}

/// One layer's entries applied to the root.
struct LayerApplier {
    let root: ProbeRoot
    let layer: String
    let setOwners: Bool
    var summary = UnpackSummary()
    /// Resolved paths this layer wrote (an opaque whiteout keeps them and removes the rest).
    var touched: Set<String> = []

    static let whiteoutPrefix = ".wh."
    static let opaqueMarker = ".wh..wh..opq"

    init(root: ProbeRoot, layer: String, setOwners: Bool) {
        self.root = root
        self.layer = layer
        self.setOwners = setOwners
    }

    mutating func apply(_ entry: TarEntry, reader: TarReader) throws {
        summary.entries += 1
        do {
            try place(entry, reader: reader)
        } catch let error as Errno {
            throw ProbeError.unpack(layer: layer, entry: entry.path, reason: error.description)
        }
    }

    private mutating func place(_ entry: TarEntry, reader: TarReader) throws {
        let (parentPath, name) = ProbeRoot.split(entry.path)
        if name.hasPrefix(Self.whiteoutPrefix) {
            summary.whiteouts += 1
            let parent = try root.resolve(parentPath, followLast: true).joined(separator: "/")
            if name == Self.opaqueMarker {
                try clearLower(parent)
            } else {
                let hidden = String(name.dropFirst(Self.whiteoutPrefix.count))
                guard !hidden.isEmpty, hidden != ".", hidden != ".." else { return }
                try root.removeResolved(parent.isEmpty ? hidden : parent + "/" + hidden)
            }
            return
        }
        let parent = try root.makeDirectories(parentPath)
        let path = parent.isEmpty ? name : parent + "/" + name
        // The entry and its parents are this layer's: an opaque marker later in the layer keeps them.
        var prefix = parent
        while !prefix.isEmpty, touched.insert(prefix).inserted {
            prefix = ProbeRoot.split(prefix).parent
        }
        touched.insert(path)
        let existing = try ProbeSystem.status(root.descriptor, path)
        var mode = mode_t(entry.mode & 0o7777)
        if mode & 0o6000 != 0 {
            summary.setIDBitsDropped += 1
            mode &= ~mode_t(0o6000)
        }
        switch entry.kind {
        case .directory:
            if let existing, existing.st_mode & S_IFMT == S_IFDIR {
            } else {
                if existing != nil { try root.removeResolved(path) }
                try ProbeSystem.makeDirectory(root.descriptor, path, mode: 0o700)
            }
            try own(path, entry)
            let directory = try ProbeSystem.openAt(root.descriptor, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            defer { ProbeSystem.close(directory) }
            try ProbeSystem.changeMode(directory, setOwners ? mode : mode | 0o700)
        case .regular:
            if existing != nil { try root.removeResolved(path) }
            let file = try ProbeSystem.openAt(
                root.descriptor, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
            defer { ProbeSystem.close(file) }
            try reader.forEachContentChunk { chunk in try ProbeSystem.writeAll(file, chunk) }
            summary.bytes += entry.size
            try own(path, entry)
            try ProbeSystem.changeMode(file, mode)
        case .symbolicLink:
            if existing != nil { try root.removeResolved(path) }
            try ProbeSystem.symlink(entry.linkTarget ?? "", root.descriptor, path)
            try own(path, entry)
        case .hardLink:
            // The target is a path of the image, resolved inside the root like any other (its last component
            // not followed: a hard link to a symbolic link links the link).
            let raw = (entry.linkTarget ?? "").split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            let target = try root.resolve(raw, followLast: false).joined(separator: "/")
            guard !target.isEmpty, let info = try ProbeSystem.status(root.descriptor, target),
                info.st_mode & S_IFMT != S_IFDIR
            else {
                throw ProbeError.unpack(
                    layer: layer, entry: entry.path,
                    reason: "hard link to '\(entry.linkTarget ?? "")', which is not a file in the image")
            }
            if target == path { return }
            if existing != nil { try root.removeResolved(path) }
            try ProbeSystem.hardLink(root.descriptor, target, path)
        case .fifo:
            if existing != nil { try root.removeResolved(path) }
            try ProbeSystem.makeFIFO(root.descriptor, path, mode: mode & 0o777)
            try own(path, entry)
        case .characterDevice, .blockDevice:
            summary.devicesSkipped += 1
        case .other:
            break
        }
    }

    private func own(_ path: String, _ entry: TarEntry) throws(Errno) {
        guard setOwners else { return }
        try ProbeSystem.changeOwner(root.descriptor, path, uid: entry.uid, gid: entry.gid)
    }

    /// An opaque directory: every entry below `directory` that this layer did not write goes.
    private func clearLower(_ directory: String) throws(Errno) {
        let listing: Int32
        do {
            listing = try ProbeSystem.openAt(
                root.descriptor, directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        } catch let error where error == .notFound {
            return
        }
        for name in try ProbeSystem.names(inDirectory: listing) {
            let child = directory.isEmpty ? name : directory + "/" + name
            if touched.contains(child) {
                if let info = try ProbeSystem.status(root.descriptor, child), info.st_mode & S_IFMT == S_IFDIR {
                    try clearLower(child)
                }
            } else {
                try root.removeResolved(child)
            }
        }
    }
}
