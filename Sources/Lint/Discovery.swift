import Foundation

/// Finds Dockerfiles: the files named on the command line, and in directories (recursively) every
/// `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `*.Dockerfile`, `*_Dockerfile`, `*.dockerfile` and
/// `Containerfile*` (any case) that is not a template, skipping `.git`, `.build`, `node_modules` and what the
/// top-level `.gitignore` ignores.
public enum Discovery {
    /// Whether a file name is one a Dockerfile goes by. Templates that a generator turns into Dockerfiles
    /// (`Dockerfile.template`, `Dockerfile-alpine.tmpl`, `Dockerfile.j2`, `Dockerfile.in`) are not: they are not
    /// Dockerfiles until they are rendered. A file named on the command line is linted whatever its name.
    public static func isDockerfileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if templateSuffixes.contains(where: { lower.hasSuffix($0) }) { return false }
        return lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasPrefix("dockerfile-")
            || lower.hasSuffix(".dockerfile") || lower.hasSuffix("_dockerfile") || lower.hasPrefix("containerfile")
    }

    /// The suffixes of template files, which directory discovery skips.
    static let templateSuffixes = [
        ".template", ".tmpl", ".tpl", ".j2", ".jinja", ".jinja2", ".in", ".erb", ".mustache",
    ]

    static let skippedDirectories: Set<String> = [".git", ".build", "node_modules", ".swiftpm", ".hg", ".svn"]

    /// The Dockerfiles under `directory`, sorted, as paths starting with `directory`.
    public static func dockerfiles(under directory: String) -> [String] {
        let manager = FileManager.default
        let ignore = GitIgnore(directory: directory)
        var results: [String] = []
        var pending: [(path: String, relative: String)] = [(directory, "")]
        while let (path, relative) = pending.popLast() {
            guard let entries = try? manager.contentsOfDirectory(atPath: path) else { continue }
            for entry in entries.sorted() {
                let child = path.hasSuffix("/") ? path + entry : path + "/" + entry
                let childRelative = relative.isEmpty ? entry : relative + "/" + entry
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if skippedDirectories.contains(entry) || ignore.ignores(childRelative, isDirectory: true) {
                        continue
                    }
                    // Do not follow symbolic links to directories (cycles).
                    if (try? manager.destinationOfSymbolicLink(atPath: child)) != nil { continue }
                    pending.append((child, childRelative))
                } else if isDockerfileName(entry), !ignore.ignores(childRelative, isDirectory: false) {
                    results.append(child)
                }
            }
        }
        return results.sorted()
    }
}

/// The simple patterns of a top-level `.gitignore`: names, `dir/`, `/anchored`, `*` and `?` globs, `**/`;
/// negations (`!`) are honoured in order.
struct GitIgnore {
    private var patterns: [(pattern: String, negated: Bool, directoryOnly: Bool, anchored: Bool)] = []

    init(directory: String) {
        guard let text = try? String(contentsOfFile: directory + "/.gitignore", encoding: .utf8) else { return }
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line.removeFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line.removeLast()
            }
            if line.hasPrefix("**/") { line.removeFirst(3) }
            let anchored = line.hasPrefix("/") || line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            if line.isEmpty { continue }
            patterns.append((line, negated, directoryOnly, anchored))
        }
    }

    func ignores(_ relativePath: String, isDirectory: Bool) -> Bool {
        var ignored = false
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        for entry in patterns {
            if entry.directoryOnly && !isDirectory { continue }
            let subject = entry.anchored ? relativePath : name
            if Glob.matches(entry.pattern, subject) { ignored = !entry.negated }
        }
        return ignored
    }
}

/// `*` (not across `/`), `**` (across `/`) and `?` matching.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        matches(Array(pattern.utf8)[...], Array(text.utf8)[...])
    }

    private static func matches(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var starP = -1
        var starT = -1
        var starCrossesSlash = false
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") {
                starCrossesSlash = p + 1 < pattern.endIndex && pattern[p + 1] == UInt8(ascii: "*")
                p += starCrossesSlash ? 2 : 1
                starP = p
                starT = t
            } else if p < pattern.endIndex, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if starP >= 0, starCrossesSlash || text[starT] != UInt8(ascii: "/") {
                starT += 1
                t = starT
                p = starP
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }
}
