import ImageFormat

/// The image's filesystem as the runtime sees it, built by applying layers bottom-up with the OCI whiteout rules,
/// and the account of every regular-file blob stored in any layer: alive (reachable from a final path) or
/// shadowed (stored, but hidden by a later entry).
///
/// One index for the whole image, never a copy per layer: a trie of nodes, each with a dictionary of children.
/// Deleting a subtree costs the size of the subtree (each node dies once); an opaque directory prunes only what
/// lies below it from lower layers, found by the layer stamp each node carries (`touched`), so the whole build is
/// linear in the number of entries whatever the number of whiteouts.
///
/// OCI image-spec, layer.md, "Whiteouts": "A whiteout file is an empty file with a special filename that
/// signifies a path should be deleted … prefixed with `.wh.`"; "Whiteout files MUST only apply to resources in
/// lower/parent layers. Files that are present in the same layer as a whiteout file can only be hidden by whiteout
/// files in subsequent layers."; "An opaque whiteout entry is a file with the name `.wh..wh..opq` indicating that
/// all siblings are hidden in the lower layer."; "Hard links … the link target … MUST be within the same layer."
public struct MergedFilesystem: Sendable {
    /// One regular file's stored content. Hard links in a layer share their target's blob.
    public struct Blob: Sendable, Hashable {
        public var size: Int64
        /// Layer that stored the content.
        public var layer: Int
        /// The path the content was stored under (its first name).
        public var path: String
        /// Names of the final filesystem (or of the current state while layers apply) that reach it.
        public var liveNames: Int
        /// Layer whose entry removed the last name that reached it, when it is shadowed.
        public var hiddenBy: Int?
        public var cause: ShadowCause?
    }

    /// Why a blob became unreachable.
    public enum ShadowCause: String, Sendable, Hashable, Codable {
        /// The same path was written again (by a later layer, or twice in one layer).
        case overwritten
        /// The same path was written again with content of the same size: typically a chmod/chown/touch.
        case rewrittenSameSize = "rewritten-same-size"
        /// A `.wh.NAME` whiteout deleted it (or a directory above it).
        case deleted
        /// An opaque directory (`.wh..wh..opq`) hid the lower contents of a directory above it.
        case opaqueDirectory = "opaque-directory"
        /// A non-directory replaced a directory above it, or a directory replaced it.
        case replaced
    }

    /// A path of the final filesystem.
    public struct File: Sendable, Hashable {
        public var path: String
        public var entry: TarEntry
        /// Layer of the entry that made this version.
        public var layer: Int
        /// The content size: the entry's size, or the size of the blob a hard link shares.
        public var size: Int64
        /// Index into `blobs`, for regular files and hard links.
        public var blob: Int?
    }

    /// Oddities met while applying layers (hard links to nowhere, whiteouts of absent paths): counted, not fatal.
    public struct Anomalies: Sendable, Hashable {
        public var danglingHardLinks = 0
        public var whiteoutsOfAbsentPaths = 0
        public var invalidPaths = 0
    }

    struct Node {
        var name: String
        var parent: Int32
        var children: [String: Int32]?
        /// Layer and entry index of the current version; -1 for an implicit directory (no entry seen).
        var layer: Int32
        var entry: Int32
        var isDirectory: Bool
        var blob: Int32
        /// The latest layer that wrote this node or anything below it.
        var touched: Int32
    }

    private var nodes: [Node]
    private var layerEntries: [[TarEntry]] = []
    public private(set) var blobs: [Blob] = []
    public private(set) var anomalies = Anomalies()

    public init() {
        nodes = [
            Node(name: "", parent: -1, children: [:], layer: -1, entry: -1, isDirectory: true, blob: -1, touched: -1)
        ]
    }

    /// Number of layers applied.
    public var layerCount: Int { layerEntries.count }

    // MARK: - Applying layers

    /// Applies the next layer (the one above all applied so far).
    public mutating func apply(_ entries: [TarEntry]) {
        let layer = Int32(layerEntries.count)
        layerEntries.append(entries)
        // Entries of one directory come together in a tar: the directory made for the previous entry is reused
        // while it is still a live directory (made in this layer, so every node above it is stamped already).
        var lastParent: (path: Substring, node: Int32)?
        for (index, entry) in entries.enumerated() {
            let (parentPath, name) = MergedFilesystem.splitParent(entry.path)
            if let lastParent, let name, lastParent.path == parentPath, !name.utf8.starts(with: ".wh.".utf8),
                nodes[Int(lastParent.node)].isDirectory, nodes[Int(lastParent.node)].parent != -2
            {
                add(entry, named: name, under: lastParent.node, index: Int32(index), layer: layer)
                continue
            }
            let parent = apply(entry, index: Int32(index), layer: layer)
            lastParent = parent.map { (parentPath, $0) }
        }
    }

    /// Applies one entry; returns the directory it went into, when it is not a whiteout.
    private mutating func apply(_ entry: TarEntry, index: Int32, layer: Int32) -> Int32? {
        guard var components = MergedFilesystem.components(entry.path) else {
            anomalies.invalidPaths += 1
            return nil
        }
        guard let base = components.popLast() else { return nil }  // the root itself: nothing to record
        if base.utf8.starts(with: ".wh.".utf8) {
            applyWhiteout(base, in: components, layer: layer)
            return nil
        }
        let parent = makeDirectories(components, layer: layer)
        add(entry, named: base, under: parent, index: index, layer: layer)
        return parent
    }

    private mutating func add(_ entry: TarEntry, named base: String, under parent: Int32, index: Int32, layer: Int32) {
        if let existing = nodes[Int(parent)].children?[base] {
            replace(existing, with: entry, index: index, layer: layer)
        } else {
            let node = Int32(nodes.count)
            nodes.append(
                Node(
                    name: base, parent: parent, children: nil, layer: layer, entry: index,
                    isDirectory: entry.kind == .directory, blob: -1, touched: layer))
            if nodes[Int(parent)].children == nil {
                nodes[Int(parent)].children = [base: node]
            } else {
                nodes[Int(parent)].children?[base] = node
            }
            attachBlob(node, entry: entry, layer: layer)
        }
    }

    /// The node for `components` below the root, created as implicit directories where missing; a lower
    /// non-directory on the way is replaced by a directory.
    private mutating func makeDirectories(_ components: [String], layer: Int32) -> Int32 {
        var current: Int32 = 0
        nodes[0].touched = layer
        for name in components {
            if let child = nodes[Int(current)].children?[name] {
                if !nodes[Int(child)].isDirectory {
                    release(child, by: layer, cause: .replaced)
                    nodes[Int(child)].isDirectory = true
                    nodes[Int(child)].layer = layer
                    nodes[Int(child)].entry = -1
                }
                nodes[Int(child)].touched = layer
                current = child
            } else {
                let node = Int32(nodes.count)
                nodes.append(
                    Node(
                        name: name, parent: current, children: nil, layer: layer, entry: -1, isDirectory: true,
                        blob: -1, touched: layer))
                if nodes[Int(current)].children == nil {
                    nodes[Int(current)].children = [name: node]
                } else {
                    nodes[Int(current)].children?[name] = node
                }
                current = node
            }
        }
        return current
    }

    private mutating func replace(_ node: Int32, with entry: TarEntry, index: Int32, layer: Int32) {
        let isDirectory = entry.kind == .directory
        if !isDirectory {
            // A non-directory replaces the whole lower subtree.
            if let children = nodes[Int(node)].children {
                for child in children.values { deleteSubtree(child, by: layer, cause: .replaced) }
                nodes[Int(node)].children = nil
            }
        }
        let sameSize: Bool = {
            let old = nodes[Int(node)]
            guard old.blob >= 0, entry.kind == .regular else { return false }
            return blobs[Int(old.blob)].size == entry.size
        }()
        let cause: ShadowCause =
            nodes[Int(node)].isDirectory != isDirectory ? .replaced : sameSize ? .rewrittenSameSize : .overwritten
        release(node, by: layer, cause: cause)
        nodes[Int(node)].layer = layer
        nodes[Int(node)].entry = index
        nodes[Int(node)].isDirectory = isDirectory
        nodes[Int(node)].touched = layer
        attachBlob(node, entry: entry, layer: layer)
    }

    private mutating func attachBlob(_ node: Int32, entry: TarEntry, layer: Int32) {
        switch entry.kind {
        case .regular:
            nodes[Int(node)].blob = Int32(blobs.count)
            blobs.append(
                Blob(size: entry.size, layer: Int(layer), path: entry.path, liveNames: 1, hiddenBy: nil, cause: nil))
        case .hardLink:
            guard let target = entry.linkTarget, let targetNode = lookupNode(target), nodes[Int(targetNode)].blob >= 0
            else {
                anomalies.danglingHardLinks += 1
                return
            }
            let blob = nodes[Int(targetNode)].blob
            nodes[Int(node)].blob = blob
            blobs[Int(blob)].liveNames += 1
        default:
            break
        }
    }

    /// Drops the node's current version: its blob loses a name.
    private mutating func release(_ node: Int32, by layer: Int32, cause: ShadowCause) {
        let blob = nodes[Int(node)].blob
        guard blob >= 0 else { return }
        nodes[Int(node)].blob = -1
        blobs[Int(blob)].liveNames -= 1
        if blobs[Int(blob)].liveNames == 0 {
            blobs[Int(blob)].hiddenBy = Int(layer)
            blobs[Int(blob)].cause = cause
        }
    }

    private mutating func applyWhiteout(_ base: String, in components: [String], layer: Int32) {
        guard let directory = lookupNode(components: components) else {
            anomalies.whiteoutsOfAbsentPaths += 1
            return
        }
        if base == ".wh..wh..opq" {
            // Opaque: every child of the directory from a lower layer goes; this layer's entries stay.
            for child in Array((nodes[Int(directory)].children ?? [:]).values) {
                pruneLower(child, layer: layer, cause: .opaqueDirectory)
            }
            return
        }
        let name = String(base.dropFirst(4))
        guard let node = nodes[Int(directory)].children?[name] else {
            anomalies.whiteoutsOfAbsentPaths += 1
            return
        }
        pruneLower(node, layer: layer, cause: .deleted)
    }

    /// Removes whatever of the subtree at `node` comes from layers below `layer`, keeping `layer`'s own entries.
    ///
    /// A loop over an explicit stack, not recursion: a layer's paths can be thousands of directories deep.
    private mutating func pruneLower(_ root: Int32, layer: Int32, cause: ShadowCause) {
        var stack: [Int32] = [root]
        while let node = stack.popLast() {
            if nodes[Int(node)].touched < layer {
                deleteSubtree(node, by: layer, cause: cause)
                continue
            }
            if nodes[Int(node)].layer < layer && nodes[Int(node)].layer >= 0 {
                release(node, by: layer, cause: cause)
                nodes[Int(node)].layer = layer
                nodes[Int(node)].entry = -1
                nodes[Int(node)].isDirectory = true
            }
            if let children = nodes[Int(node)].children { stack.append(contentsOf: children.values) }
        }
    }

    /// Deletes a node and everything below it; unlinks it from its parent.
    private mutating func deleteSubtree(_ root: Int32, by layer: Int32, cause: ShadowCause) {
        let parent = nodes[Int(root)].parent
        let name = nodes[Int(root)].name
        if parent >= 0 { nodes[Int(parent)].children?[name] = nil }
        var stack: [Int32] = [root]
        while let node = stack.popLast() {
            release(node, by: layer, cause: cause)
            if let children = nodes[Int(node)].children {
                stack.append(contentsOf: children.values)
                nodes[Int(node)].children = nil
            }
            nodes[Int(node)].parent = -2  // dead
        }
    }

    // MARK: - Paths

    /// A path's parent part and last name, when the name is a plain one (not empty, `.` or `..`): the key of the
    /// "same directory as the previous entry" shortcut, which falls back to `components` whenever it is nil.
    static func splitParent(_ path: String) -> (parent: Substring, name: String?) {
        let utf8 = path.utf8
        let slash = utf8.lastIndex(of: UInt8(ascii: "/"))
        let nameStart = slash.map { utf8.index(after: $0) } ?? utf8.startIndex
        let name = utf8[nameStart...]
        let dot = UInt8(ascii: ".")
        if name.isEmpty || name.elementsEqual(CollectionOfOne(dot)) || name.elementsEqual([dot, dot]) {
            return (path[...], nil)
        }
        return (path[..<(slash ?? utf8.startIndex)], String(path[nameStart...]))
    }

    /// The components of a tar path, or nil when it escapes the root (`..`).
    static func components(_ path: String) -> [String]? {
        var result: [String] = []
        for part in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if part.count == 1 && part.first == UInt8(ascii: ".") { continue }
            if part.count == 2 && part.first == UInt8(ascii: ".") && part.last == UInt8(ascii: ".") { return nil }
            result.append(String(decoding: part, as: UTF8.self))
        }
        return result
    }

    private func lookupNode(_ path: String) -> Int32? {
        guard let components = MergedFilesystem.components(path) else { return nil }
        return lookupNode(components: components)
    }

    private func lookupNode(components: [String]) -> Int32? {
        var current: Int32 = 0
        for name in components {
            guard let child = nodes[Int(current)].children?[name] else { return nil }
            current = child
        }
        return current
    }

    private func path(of node: Int32) -> String {
        var names: [String] = []
        var current = node
        while current > 0 {
            names.append(nodes[Int(current)].name)
            current = nodes[Int(current)].parent
        }
        return "/" + names.reversed().joined(separator: "/")
    }

    private func file(_ node: Int32, path: String) -> File {
        let value = nodes[Int(node)]
        let entry: TarEntry
        if value.entry >= 0 && value.layer >= 0 {
            entry = layerEntries[Int(value.layer)][Int(value.entry)]
        } else {
            entry = TarEntry(path: String(path.dropFirst()), kind: .directory, mode: 0o755)
        }
        let blob = value.blob >= 0 ? Int(value.blob) : nil
        let size = blob.map { blobs[$0].size } ?? entry.size
        return File(path: path, entry: entry, layer: Int(max(value.layer, 0)), size: size, blob: blob)
    }

    // MARK: - Queries on the final filesystem

    /// The entry at an absolute or relative path (no symlink is followed), nil when the path does not exist.
    public func lookup(_ path: String) -> File? {
        guard let components = MergedFilesystem.components(path), let node = lookupNode(components: components)
        else { return nil }
        return file(node, path: "/" + components.joined(separator: "/"))
    }

    /// The names in a directory, sorted.
    public func children(of path: String) -> [String] {
        guard let components = MergedFilesystem.components(path), let node = lookupNode(components: components)
        else { return [] }
        return (nodes[Int(node)].children ?? [:]).keys.sorted()
    }

    /// Visits every path of the final filesystem below `directory` (not `directory` itself; by default every path
    /// but the root), depth-first, in name order when `sorted` (else in no particular order, which is cheaper).
    public func forEachFile(under directory: String = "/", sorted: Bool = true, _ body: (File) -> Void) {
        guard let components = MergedFilesystem.components(directory), let start = lookupNode(components: components)
        else { return }
        var stack: [(Int32, String)] = [(start, components.isEmpty ? "" : "/" + components.joined(separator: "/"))]
        while let (node, prefix) = stack.popLast() {
            if node != start { body(file(node, path: prefix)) }
            guard let children = nodes[Int(node)].children else { continue }
            if sorted {
                for name in children.keys.sorted(by: >) {
                    guard let child = children[name] else { continue }
                    stack.append((child, prefix + "/" + name))
                }
            } else {
                for (name, child) in children { stack.append((child, prefix + "/" + name)) }
            }
        }
    }

    /// Follows symbolic links inside the image, as the kernel would resolve `path` from the root (absolute
    /// targets restart at the image root, never the host's). Nil when a component is missing, with `loop` set
    /// when more than 40 links were followed (Linux's MAXSYMLINKS).
    public func resolve(_ path: String) -> (file: File?, loop: Bool) {
        guard var pending = MergedFilesystem.components(path) else { return (nil, false) }
        pending.reverse()
        var resolved: [String] = []
        var links = 0
        while let name = pending.popLast() {
            if name == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = resolved + [name]
            guard let node = lookupNode(components: candidate) else { return (nil, false) }
            let value = nodes[Int(node)]
            if value.entry >= 0, value.layer >= 0,
                layerEntries[Int(value.layer)][Int(value.entry)].kind == .symbolicLink
            {
                links += 1
                if links > 40 { return (nil, true) }
                let target = layerEntries[Int(value.layer)][Int(value.entry)].linkTarget ?? ""
                if target.hasPrefix("/") { resolved = [] }
                for part in target.split(separator: "/", omittingEmptySubsequences: true).reversed()
                where part != "." {
                    pending.append(String(part))
                }
                continue
            }
            resolved = candidate
        }
        guard let node = lookupNode(components: resolved) else { return (nil, false) }
        return (file(node, path: "/" + resolved.joined(separator: "/")), false)
    }

    /// The entry of layer `layer` at `index`.
    public func entry(layer: Int, index: Int) -> TarEntry { layerEntries[layer][index] }

    /// Bytes of regular-file content stored in the layers that no path of the final filesystem reaches.
    public var shadowedBytes: Int64 {
        blobs.reduce(0) { $0 + ($1.liveNames == 0 ? $1.size : 0) }
    }

    /// Every shadowed blob, largest first (ties by layer, then path).
    public var shadowedBlobs: [Blob] {
        blobs.filter { $0.liveNames == 0 }.sorted {
            ($0.size, -$0.layer, $1.path) > ($1.size, -$1.layer, $0.path)
        }
    }
}
