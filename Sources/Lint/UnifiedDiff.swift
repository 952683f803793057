/// A unified diff (`diff -u` style, 3 lines of context) between two texts, for `lint --diff`.
public enum UnifiedDiff {
    private enum Op {
        case keep(Int, Int)
        case remove(Int)
        case insert(Int)

        var isChange: Bool {
            if case .keep = self { return false }
            return true
        }
    }

    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        if old == new { return "" }
        let a = lines(old)
        let b = lines(new)
        // Per-line operations from the standard library's Myers difference.
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in b.difference(from: a) {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var ops: [Op] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                ops.append(.remove(i))
                i += 1
            } else if j < b.count, inserted.contains(j) {
                ops.append(.insert(j))
                j += 1
            } else if i < a.count, j < b.count {
                ops.append(.keep(i, j))
                i += 1
                j += 1
            } else {
                break
            }
        }
        // Old and new line counts before each op.
        var oldBefore: [Int] = []
        var newBefore: [Int] = []
        var oldCount = 0
        var newCount = 0
        for op in ops {
            oldBefore.append(oldCount)
            newBefore.append(newCount)
            switch op {
            case .keep:
                oldCount += 1
                newCount += 1
            case .remove: oldCount += 1
            case .insert: newCount += 1
            }
        }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while let firstChange = ops[index...].firstIndex(where: \.isChange) {
            let start = max(index, firstChange - context)
            var lastChange = firstChange
            var cursor = firstChange + 1
            while cursor < ops.count {
                if ops[cursor].isChange {
                    lastChange = cursor
                } else if cursor - lastChange > 2 * context {
                    break
                }
                cursor += 1
            }
            let end = min(ops.count, lastChange + 1 + context)
            var body = ""
            var oldLines = 0
            var newLines = 0
            for op in ops[start..<end] {
                switch op {
                case .keep(let x, _):
                    body += " \(a[x])\n"
                    oldLines += 1
                    newLines += 1
                case .remove(let x):
                    body += "-\(a[x])\n"
                    oldLines += 1
                case .insert(let y):
                    body += "+\(b[y])\n"
                    newLines += 1
                }
            }
            out += "@@ -\(range(oldBefore[start], oldLines)) +\(range(newBefore[start], newLines)) @@\n" + body
            index = end
        }
        return out
    }

    /// The lines of `text`; a final newline ends the last line rather than starting an empty one.
    /// The lines of `text`, split at each `\n` byte (a `\r` before it stays in the line, as `diff -u` shows it).
    private static func lines(_ text: String) -> [String] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(Substring($0))
        }
        if text.utf8.last == UInt8(ascii: "\n") { lines.removeLast() }
        return lines
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : count == 1 ? "\(start + 1)" : "\(start + 1),\(count)"
    }
}
