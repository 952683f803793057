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
        var paths = PathTable()
        var seen: [Seen] = []
        var stacked = DiveTree()
        var userSize: Int64 = 0
        for (index, entries) in layers.enumerated() {
            var tree = DiveTree()
            var fileSize: Int64 = 0
            // Entries of one directory come together in a tar: the last parent is remembered, so most entries
            // cost one lookup instead of a walk from the root.
            var lastParent: (path: Substring, node: Int32)?
            for entry in entries {
                fileSize += entry.size
                let (parentPath, name) = MergedFilesystem.splitParent(entry.path)
                if let lastParent, let name, lastParent.path == parentPath {
                    tree.add(name, under: lastParent.node, size: entry.size, isDirectory: entry.kind == .directory)
                    continue
                }
                guard let components = MergedFilesystem.components(entry.path), !components.isEmpty else { continue }
                let parent = tree.addPath(components, size: entry.size, isDirectory: entry.kind == .directory)
                lastParent = parent.map { (parentPath, $0) }
            }
            if index > 0 { userSize += fileSize }
            if index == 0 {
                // StackTreeRange(trees, 0, -1) is a copy of layer 0 itself; after it, the stack is a copy of layer 0
                // with layer 0 stacked on it.
                visitLeaves(of: tree, lower: tree, paths: &paths, seen: &seen)
                stacked = tree
                stacked.stack(tree)
            } else {
                visitLeaves(of: tree, lower: stacked, paths: &paths, seen: &seen)
                stacked.stack(tree)
            }
        }
        var minimum: Int64 = 0
        var discovered: Int64 = 0
        var wasted: Int64 = 0
        for value in seen where value.present {
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
        /// Visited at all: a whiteout that aborts dive's visit still leaves its path, with a minimum of -1.
        var present = false
    }

    /// Every leaf of `tree`, child first, as dive visits it; `seen` is indexed by the leaf's path in `paths`.
    private static func visitLeaves(of tree: DiveTree, lower: DiveTree, paths: inout PathTable, seen: inout [Seen]) {
        var ids = [Int32](repeating: -1, count: tree.nodes.count)
        ids[0] = 0
        tree.visitChildFirst { node in
            guard tree.nodes[Int(node)].children.isEmpty else { return true }
            let name = tree.nodes[Int(node)].name
            let isWhiteout = name.utf8.starts(with: ".wh.".utf8)
            // dive's Path() drops the `.wh.` prefix of the visited node itself.
            let parent = paths.id(of: tree.nodes[Int(node)].parent, in: tree, ids: &ids)
            let id = paths.child(of: parent, named: isWhiteout ? String(name.dropFirst(4)) : name)
            if Int(id) >= seen.count { seen.append(contentsOf: repeatElement(Seen(), count: Int(id) + 1 - seen.count)) }
            seen[Int(id)].present = true
            var size: Int64
            if isWhiteout {
                guard let previous = lower.node(at: paths.components(of: id)) else { return false }  // dive aborts
                size = 0
                if lower.nodes[Int(previous)].isDirectory { size = lower.subtreeSize(previous) }
            } else {
                size = tree.nodes[Int(node)].size
            }
            seen[Int(id)].cumulative += size
            if seen[Int(id)].minimum < 0 || size < seen[Int(id)].minimum { seen[Int(id)].minimum = size }
            seen[Int(id)].count += 1
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
        /// The children in the order they were added (a tar lists a directory's entries mostly sorted already).
        var order: [Int32] = []
        var size: Int64 = 0
        var isDirectory = false
    }

    var nodes: [Node] = [Node(name: "", parent: -1)]

    /// dive's AddPath; returns the parent of the node it set, nil when it stopped at an opaque marker's name.
    @discardableResult
    mutating func addPath(_ components: [String], size: Int64, isDirectory: Bool) -> Int32? {
        var current: Int32 = 0
        var parent: Int32 = -1
        for name in components {
            parent = current
            if let child = nodes[Int(current)].children[name] {
                current = child
            } else {
                if name.hasPrefix(".wh..wh..") { return nil }
                current = append(name, under: current)
            }
        }
        nodes[Int(current)].size = size
        nodes[Int(current)].isDirectory = isDirectory
        return parent
    }

    /// AddPath's last step: `name` under `parent`.
    mutating func add(_ name: String, under parent: Int32, size: Int64, isDirectory: Bool) {
        let node: Int32
        if let child = nodes[Int(parent)].children[name] {
            node = child
        } else {
            if name.hasPrefix(".wh..wh..") { return }
            node = append(name, under: parent)
        }
        nodes[Int(node)].size = size
        nodes[Int(node)].isDirectory = isDirectory
    }

    private mutating func append(_ name: String, under parent: Int32) -> Int32 {
        let node = Int32(nodes.count)
        nodes.append(Node(name: name, parent: parent))
        nodes[Int(parent)].children[name] = node
        nodes[Int(parent)].order.append(node)
        return node
    }

    func node(at components: [String]) -> Int32? {
        var current: Int32 = 0
        for name in components {
            guard let child = nodes[Int(current)].children[name] else { return nil }
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
        if let position = nodes[Int(parent)].order.firstIndex(of: node) {
            nodes[Int(parent)].order.remove(at: position)
        }
    }

    /// The components of `node`'s path, dive's `Path()` (the `.wh.` prefix of the node itself dropped).
    func components(of node: Int32) -> [String] {
        var names: [String] = []
        var current = node
        while current > 0 {
            names.append(nodes[Int(current)].name)
            current = nodes[Int(current)].parent
        }
        names.reverse()
        if let last = names.last, last.utf8.starts(with: ".wh.".utf8) {
            names[names.count - 1] = String(last.dropFirst(4))
        }
        return names
    }

    /// FileTree.Stack: every node of `upper`, child first; whiteouts remove their path, others AddPath.
    ///
    /// AddPath walks from the root by name; here each upper node's counterpart is found from its parent's, once
    /// (`mapped`), which is the same walk without repeating it. A counterpart never goes stale: a whiteout removes
    /// a sibling's subtree, and in a child-first visit that subtree is either done already or not yet started.
    mutating func stack(_ upper: DiveTree) {
        var mapped = [Int32](repeating: -1, count: upper.nodes.count)
        mapped[0] = 0
        upper.visitChildFirst { node in
            let value = upper.nodes[Int(node)]
            if value.name.utf8.starts(with: ".wh.".utf8) {
                if let target = self.node(at: upper.components(of: node)), target != 0 { remove(target) }
            } else if let target = counterpart(of: node, in: upper, mapped: &mapped) {
                nodes[Int(target)].size = value.size
                nodes[Int(target)].isDirectory = value.isDirectory
            }
            return true
        }
    }

    /// The node of this tree at `node`'s path in `upper`, created (with an empty payload) where missing; nil where
    /// AddPath would stop (an opaque marker's name on the way).
    ///
    /// Iterative (the unmapped ancestors are collected first, then mapped top-down): paths can be very deep.
    private mutating func counterpart(of node: Int32, in upper: DiveTree, mapped: inout [Int32]) -> Int32? {
        var pending: [Int32] = []
        var current = node
        while mapped[Int(current)] < 0 {
            pending.append(current)
            current = upper.nodes[Int(current)].parent
        }
        var parent = mapped[Int(current)]
        while let next = pending.popLast() {
            let name = upper.nodes[Int(next)].name
            let result: Int32
            if let child = nodes[Int(parent)].children[name] {
                result = child
            } else {
                if name.hasPrefix(".wh..wh..") { return nil }
                result = append(name, under: parent)
            }
            mapped[Int(next)] = result
            parent = result
        }
        return parent
    }

    /// Depth-first, children in byte order, each node after its children (dive's VisitDepthChildFirst). Stops when
    /// `body` is false.
    func visitChildFirst(_ body: (Int32) -> Bool) {
        struct Frame {
            var node: Int32
            var children: [Int32]
            var next = 0
        }
        func sortedChildren(_ node: Int32) -> [Int32] {
            let order = nodes[Int(node)].order
            var sorted = true
            var index = 1
            while sorted, index < order.count {
                sorted = DiveTree.precedes(nodes[Int(order[index - 1])].name, nodes[Int(order[index])].name)
                index += 1
            }
            if sorted { return order }
            return order.sorted { DiveTree.precedes(nodes[Int($0)].name, nodes[Int($1)].name) }
        }
        var stack = [Frame(node: 0, children: sortedChildren(0))]
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].children.count {
                let child = stack[top].children[stack[top].next]
                stack[top].next += 1
                stack.append(Frame(node: child, children: sortedChildren(child)))
                continue
            }
            let frame = stack.removeLast()
            guard frame.node != 0 else { break }
            if !body(frame.node) { return }
        }
    }

    /// Byte order of the UTF-8 names (Go's string comparison), without Unicode-aware String comparison.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let count = min(left.count, right.count)
                var index = 0
                while index < count {
                    if left[index] != right[index] { return left[index] < right[index] }
                    index += 1
                }
                return left.count < right.count
            }
        }
    }
}

/// Every path dive sees, across all layers, as a trie of names: a leaf's path is an id, not a string.
struct PathTable {
    private var children: [[String: Int32]] = [[:]]
    private var parents: [Int32] = [-1]
    private var names: [String] = [""]

    /// The id of `name` under `parent`, added when new.
    mutating func child(of parent: Int32, named name: String) -> Int32 {
        if let id = children[Int(parent)][name] { return id }
        let id = Int32(children.count)
        children.append([:])
        parents.append(parent)
        names.append(name)
        children[Int(parent)][name] = id
        return id
    }

    /// The id of `node`'s path in `tree` (its own name as it is), memoised in `ids`.
    ///
    /// Iterative (the ancestors without an id are collected first, then named top-down): one recursion a path
    /// component overflowed the stack on paths thousands of directories deep.
    mutating func id(of node: Int32, in tree: DiveTree, ids: inout [Int32]) -> Int32 {
        var pending: [Int32] = []
        var current = node
        while ids[Int(current)] < 0 {
            pending.append(current)
            current = tree.nodes[Int(current)].parent
        }
        var result = ids[Int(current)]
        while let next = pending.popLast() {
            result = child(of: result, named: tree.nodes[Int(next)].name)
            ids[Int(next)] = result
        }
        return result
    }

    func components(of id: Int32) -> [String] {
        var result: [String] = []
        var current = id
        while current > 0 {
            result.append(names[Int(current)])
            current = parents[Int(current)]
        }
        return result.reversed()
    }
}
