import Synchronization

/// Long runs of `lint` paths, taken out of the arguments before swift-argument-parser sees them.
///
/// The parser's cost grows with the square of the number of values of an array argument (each value copies the
/// array parsed so far, and the set of used positions, out of and back into its table): 825 paths took about 7 % of
/// a whole corpus lint's instructions, on one core, before any file was read. `collapsed(_:)` replaces each run of
/// three or more consecutive plain arguments (not starting with `-`, or anything after `--`) from its second
/// argument on by one placeholder, and `LintCommand` expands the placeholders again, in place. The parser sees the
/// same options in the same places: the first argument of a run stays where it was, because it may be the value of
/// the option before it (`--config x.yml a b c`), and an option of `lint` takes at most one value, so the second
/// and later arguments of a run are always paths (a test compares both parses for every option of `lint`).
enum LintPathRuns {
    /// The collapsed runs, in the order of their placeholders.
    private static let runs = Mutex<[[String]]>([])

    /// A placeholder starts with NUL, which no command-line argument can hold.
    private static let marker = "\u{0}shipshape-lint-paths-"

    /// `arguments` (without the program name), the runs of a `lint` command collapsed; other commands unchanged.
    static func collapsed(_ arguments: [String]) -> [String] {
        guard arguments.first == "lint", arguments.count > 3 else { return arguments }
        var result: [String] = [arguments[0]]
        result.reserveCapacity(arguments.count)
        var afterTerminator = false
        var run: [String] = []
        func flush() {
            guard let first = run.first else { return }
            result.append(first)
            if run.count == 2 {
                result.append(run[1])
            } else if run.count > 2 {
                let index = runs.withLock { runs in
                    runs.append(Array(run.dropFirst()))
                    return runs.count - 1
                }
                result.append(marker + String(index))
            }
            run.removeAll(keepingCapacity: true)
        }
        for argument in arguments.dropFirst() {
            if afterTerminator || !argument.hasPrefix("-") {
                run.append(argument)
                continue
            }
            flush()
            result.append(argument)
            if argument == "--" { afterTerminator = true }
        }
        flush()
        return result
    }

    /// `paths` as parsed, each placeholder replaced by the run it stands for.
    static func expanded(_ paths: [String]) -> [String] {
        guard paths.contains(where: { $0.hasPrefix(marker) }) else { return paths }
        let collapsed = runs.withLock { $0 }
        var result: [String] = []
        for path in paths {
            if path.hasPrefix(marker), let index = Int(path.dropFirst(marker.count)), collapsed.indices.contains(index)
            {
                result += collapsed[index]
            } else {
                result.append(path)
            }
        }
        return result
    }
}
