import Findings

/// Applies the safe fixes of findings to a Dockerfile's text.
public enum Fixer {
    /// `text` with the non-overlapping edits of `fixes` applied (an edit that overlaps an earlier one waits for
    /// the next round).
    public static func apply(_ fixes: [Fix], to text: String) -> (text: String, applied: Int) {
        var bytes = Array(text.utf8)
        var taken: [(Int, Int)] = []
        var accepted: [TextEdit] = []
        var applied = 0
        for fix in fixes {
            let edits = fix.edits
            let overlaps = edits.contains { edit in
                edit.start < 0 || edit.end > bytes.count || edit.start > edit.end
                    || taken.contains { other in
                        edit.start < other.1 && other.0 < edit.end
                            || (edit.start == edit.end && edit.start == other.0 && other.0 == other.1)
                    }
            }
            if overlaps { continue }
            for edit in edits { taken.append((edit.start, edit.end)) }
            accepted.append(contentsOf: edits)
            applied += 1
        }
        for edit in accepted.sorted(by: { $0.start > $1.start }) {
            bytes.replaceSubrange(edit.start..<edit.end, with: Array(edit.replacement.utf8))
        }
        return (String(decoding: bytes, as: UTF8.self), applied)
    }

    /// Lints and fixes `text` until nothing more changes (at most a few rounds); the fixed text and the
    /// findings that remain.
    public static func fix(
        _ text: String, path: String, linter: Linter, configuration: Configuration,
        buildContext: (any BuildContextProbe)? = nil
    ) -> (text: String, remaining: [Finding]) {
        var current = text
        for _ in 0..<8 {
            let findings = linter.lint(
                current, path: path, configuration: configuration, buildContext: buildContext)
            let fixes = findings.compactMap(\.fix)
            if fixes.isEmpty { return (current, findings) }
            let (next, applied) = apply(fixes, to: current)
            if applied == 0 || next == current { return (current, findings) }
            current = next
        }
        return (current, linter.lint(current, path: path, configuration: configuration, buildContext: buildContext))
    }
}
