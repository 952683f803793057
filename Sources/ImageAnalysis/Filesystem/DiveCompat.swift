import ImageFormat

/// `dive` 0.13's image efficiency numbers, computed the way `dive` computes them, so a CI gate on
/// `lowestEfficiency` / `highestWastedBytes` / `highestUserWastedPercent` can move to Shipshape unchanged.
///
/// What dive does (filetree/efficiency.go, filetree/file_tree.go, image/image.go), reproduced here including its
/// quirks, but in linear time (dive re-stacks every lower layer for every whiteout):
/// - each layer becomes a tree; intermediate directories missing from the tar get an empty payload (size 0, not a
///   directory); `.wh..wh..opq` entries are dropped (opaque directories are not modelled);
/// - every *leaf* of every layer tree (a node without children in that layer) is a "path seen": a regular leaf
///   counts its tar size; a whiteout leaf `.wh.NAME` counts the sizes of the whole subtree NAME had in the stack of
///   the lower layers when that was a directory, and 0 when it was a file; when NAME is absent there, dive stops
///   visiting the rest of that layer (an error it logs) and the path keeps a minimum of -1;
/// - the lower stack used for layer 0's whiteouts is layer 0 itself;
/// - efficiency = Σ over paths of the smallest size seen / Σ of all sizes seen (1 when nothing was seen);
///   wastedBytes = Σ of all sizes of the paths seen two or more times (the live copy included);
///   userWastedPercent = wastedBytes / Σ of tar sizes of layers 1…n (dive divides by zero there; we report 0).
public struct DiveCompat: Sendable, Hashable, Codable {
    public var efficiency: Double
    public var wastedBytes: Int64
    public var userWastedPercent: Double

    public init(efficiency: Double, wastedBytes: Int64, userWastedPercent: Double) {
        self.efficiency = efficiency
        self.wastedBytes = wastedBytes
        self.userWastedPercent = userWastedPercent
    }

    /// Computes the numbers from every layer's entries, bottom first.
    public static func compute(layers: [[TarEntry]]) -> DiveCompat {
        var seen: [String: Seen] = [:]
        var stacked = DiveTree()
        var userSize: Int64 = 0
        for (index, entries) in layers.enumerated() {
            var tree = DiveTree()
            var fileSize: Int64 = 0
            for entry in entries {
                fileSize += entry.size
                guard let components = MergedFilesystem.components(entry.path), !components.isEmpty else { continue }
                tree.addPath(components, size: entry.size, isDirectory: entry.kind == .directory)
            }
            if index > 0 { userSize += fileSize }
            if index == 0 {
                // StackTreeRange(trees, 0, -1) is a copy of layer 0 itself; after it, the stack is a copy of layer 0
                // with layer 0 stacked on it.
                visitLeaves(of: tree, lower: tree, seen: &seen)
                stacked = tree
                stacked.stack(tree)
            } else {
                visitLeaves(of: tree, lower: stacked, seen: &seen)
                stacked.stack(tree)
            }
        }
        var minimum: Int64 = 0
        var discovered: Int64 = 0
        var wasted: Int64 = 0
        for value in seen.values {
            minimum += value.minimum
            discovered += value.cumulative
            if value.count >= 2 { wasted += value.cumulative }
        }
        let efficiency = discovered == 0 ? 1.0 : Double(minimum) / Double(discovered)
        let percent = userSize == 0 ? 0 : Double(wasted) / Double(userSize)
        return DiveCompat(efficiency: efficiency, wastedBytes: wasted, userWastedPercent: percent)
    }

    struct Seen {
        var cumulative: Int64 = 0
        var minimum: Int64 = -1
        var count = 0
    }

    private static func visitLeaves(of tree: DiveTree, lower: DiveTree, seen: inout [String: Seen]) {
        tree.visitChildFirst { node, path in
            guard tree.nodes[Int(node)].children.isEmpty else { return true }
            var value = seen[path] ?? Seen()
            defer { seen[path] = value }
            var size: Int64
            if tree.nodes[Int(node)].name.hasPrefix(".wh.") {
                guard let previous = lower.node(at: path) else { return false }  // dive aborts this layer
                size = 0
                if lower.nodes[Int(previous)].isDirectory { size = lower.subtreeSize(previous) }
            } else {
                size = tree.nodes[Int(node)].size
            }
            value.cumulative += size
            if value.minimum < 0 || size < value.minimum { value.minimum = size }
            value.count += 1
            return true
        }
    }
}

/// dive's FileTree semantics on an arena: payload replaced in place (children kept), intermediate nodes with an
/// empty payload, removal of whole subtrees.
struct DiveTree {
    struct Node {
        var name: String
        var parent: Int32
        var children: [String: Int32] = [:]
        var size: Int64 = 0
        var isDirectory = false
    }

    var nodes: [Node] = [Node(name: "", parent: -1)]

    mutating func addPath(_ components: [String], size: Int64, isDirectory: Bool) {
        var current: Int32 = 0
        for name in components {
            if let child = nodes[Int(current)].children[name] {
                current = child
            } else {
                if name.hasPrefix(".wh..wh..") { return }
                let node = Int32(nodes.count)
                nodes.append(Node(name: name, parent: current))
                nodes[Int(current)].children[name] = node
                current = node
            }
        }
        nodes[Int(current)].size = size
        nodes[Int(current)].isDirectory = isDirectory
    }

    func node(at path: String) -> Int32? {
        var current: Int32 = 0
        for name in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let child = nodes[Int(current)].children[String(name)] else { return nil }
            current = child
        }
        return current
    }

    func subtreeSize(_ root: Int32) -> Int64 {
        var total: Int64 = 0
        var stack = [root]
        while let node = stack.popLast() {
            total += nodes[Int(node)].size
            stack.append(contentsOf: nodes[Int(node)].children.values)
        }
        return total
    }

    mutating func remove(_ node: Int32) {
        let parent = nodes[Int(node)].parent
        guard parent >= 0 else { return }
        nodes[Int(parent)].children[nodes[Int(node)].name] = nil
    }

    /// FileTree.Stack: every node of `upper`, child first; whiteouts remove their path, others AddPath.
    mutating func stack(_ upper: DiveTree) {
        upper.visitChildFirst { node, path in
            let value = upper.nodes[Int(node)]
            let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            if value.name.hasPrefix(".wh.") {
                if let target = self.node(at: path), target != 0 { remove(target) }
            } else {
                addPath(components, size: value.size, isDirectory: value.isDirectory)
            }
            return true
        }
    }

    /// Depth-first, children in byte order, each node after its children (dive's VisitDepthChildFirst); the path
    /// is dive's `Path()`: the `.wh.` prefix of the visited node itself is dropped. Stops when `body` is false.
    func visitChildFirst(_ body: (Int32, String) -> Bool) {
        struct Frame {
            var node: Int32
            var path: String
            var children: [(String, Int32)]
            var next = 0
        }
        func sortedChildren(_ node: Int32) -> [(String, Int32)] {
            nodes[Int(node)].children.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
                ($0.key, $0.value)
            }
        }
        var stack = [Frame(node: 0, path: "", children: sortedChildren(0))]
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].children.count {
                let (name, child) = stack[top].children[stack[top].next]
                stack[top].next += 1
                stack.append(Frame(node: child, path: stack[top].path + "/" + name, children: sortedChildren(child)))
                continue
            }
            let frame = stack.removeLast()
            guard frame.node != 0 else { break }
            var path = frame.path
            let name = nodes[Int(frame.node)].name
            if name.hasPrefix(".wh.") {
                path = String(path.dropLast(name.utf8.count)) + String(name.dropFirst(4))
            }
            if !body(frame.node, path) { return }
        }
    }
}
