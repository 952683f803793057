import FoundationEssentials

/// The build context of a Dockerfile on disk: its directory, read through the file system.
public struct BuildDirectory: BuildContextProbe {
    public let directory: String
    /// Files larger than this are not read by rules.
    public static let readLimit = 1 << 20

    public init(directory: String) {
        self.directory = directory
    }

    private func path(_ relative: String) -> String {
        var relative = relative
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        if relative.hasPrefix("/") { relative.removeFirst() }
        return directory.isEmpty ? relative : directory + "/" + relative
    }

    public func fileExists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relativePath))
    }

    /// The file's text, nil when it is absent, too large, or a symbolic link out of the build directory.
    public func readFile(_ relativePath: String) -> String? {
        let full = path(relativePath)
        // Most files rules ask for are absent (a `.dockerignore`, a wrapper script): one `stat` answers for them
        // before the tree check, which resolves every component of both paths (120,000 instructions a call; 6 %
        // of a corpus lint's).
        guard FileManager.default.fileExists(atPath: full),
            TreeBoundary.contains(full, root: directory.isEmpty ? "." : directory),
            let attributes = try? FileManager.default.attributesOfItem(atPath: full),
            let size = attributes[.size] as? UInt, size <= BuildDirectory.readLimit,
            let data = FileManager.default.contents(atPath: full)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Finds and reads `.shipshape.yml`.
public enum ConfigurationFile {
    public static let names = [".shipshape.yml", ".shipshape.yaml"]

    /// The nearest configuration file in `directory` or one of its parents (relative to the current directory
    /// when it is below it, so messages stay short and stable).
    public static func find(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL
        let workingDirectory = FileManager.default.currentDirectoryPath
        while true {
            for name in names {
                let candidate = current.appendingPathComponent(name).path
                guard FileManager.default.fileExists(atPath: candidate) else { continue }
                if candidate.hasPrefix(workingDirectory + "/") {
                    return String(candidate.dropFirst(workingDirectory.count + 1))
                }
                return candidate
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// Reads and parses a configuration `find` found: refused when it is a symbolic link out of its own
    /// directory (a repository's `.shipshape.yml -> /etc/shadow` would otherwise be read and quoted).
    public static func loadFound(_ path: String) throws(ConfigurationError) -> Configuration {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ""
        guard TreeBoundary.contains(path, root: directory.isEmpty ? "." : directory) else {
            throw .unreadable(
                path: path,
                reason: "it is a symbolic link to a file outside its directory; not read (pass it "
                    + "with --config to use it anyway)")
        }
        return try load(path)
    }

    /// Reads and parses the configuration at `path`.
    public static func load(_ path: String) throws(ConfigurationError) -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return try Configuration(yaml: text, path: path, knownRules: RuleRegistry.descriptors)
    }
}
