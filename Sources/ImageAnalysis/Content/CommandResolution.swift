import DockerfileSyntax
import ImageFormat

/// How the runtime would start the image's command, resolved in the merged filesystem: the executable found
/// through PATH and WorkingDir, and what it needs to start (a `#!` interpreter, an ELF loader and libraries).
public struct CommandResolution: Sendable {
    /// Entrypoint followed by Cmd.
    public var argv: [String]
    /// `sh -c SCRIPT` (what Docker makes of the shell form).
    public var shellScript: String?
    /// The executable: the path the runtime runs, after PATH search and symlinks.
    public var executable: MergedFilesystem.File?
    /// The name as given, when it resolves to nothing.
    public var problems: [Problem] = []
    /// The ELF headers of the executable, when it is one.
    public var elf: ELFFile?
    /// The `#!` line's interpreter and its first argument.
    public var shebang: [String]?

    /// Why the command cannot start.
    public enum Problem: Sendable, Hashable {
        case noCommand
        case missing(name: String, searched: [String])
        case symlinkLoop(path: String)
        case notRegular(path: String)
        case notExecutable(path: String, mode: UInt32)
        case interpreterMissing(script: String, interpreter: String)
        case loaderMissing(binary: String, loader: String)
        case libraryMissing(binary: String, library: String)
        case unreadableELF(path: String, reason: String)
        /// The first word of a shell-form script names a program that is not in the image.
        case scriptProgramMissing(name: String)
    }

    /// Docker's default PATH when the config's Env has none.
    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"]

    /// Splits argv into the shell form's script when it is `[/bin/]sh -c SCRIPT`.
    static func shellScript(of argv: [String]) -> String? {
        guard argv.count >= 3, shells.contains(basename(argv[0])), argv[1] == "-c" else { return nil }
        return argv[2]
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Finds `name` as execvp would: a name with a slash is taken relative to the working directory; any other is
    /// searched in each PATH directory. Returns the file and the paths tried.
    ///
    /// `package` so that `shipshape build` can check the command of the image it assembles the same way.
    package static func find(
        _ name: String, in filesystem: MergedFilesystem, path: String, workingDirectory: String
    ) -> (file: MergedFilesystem.File?, tried: [String], loop: String?) {
        if name.contains("/") {
            let full = name.hasPrefix("/") ? name : workingDirectory + "/" + name
            let result = filesystem.resolve(full)
            return (result.file, [full], result.loop ? full : nil)
        }
        var tried: [String] = []
        var firstFound: MergedFilesystem.File?
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let base = directory.isEmpty ? workingDirectory : String(directory)
            let candidate = (base.hasPrefix("/") ? base : workingDirectory + "/" + base) + "/" + name
            tried.append(candidate)
            let result = filesystem.resolve(candidate)
            if result.loop { return (nil, tried, candidate) }
            guard let file = result.file, file.entry.kind != .directory else { continue }
            if file.entry.mode & 0o111 != 0 { return (file, tried, nil) }
            if firstFound == nil { firstFound = file }
        }
        return (firstFound, tried, nil)
    }

    /// The library search path for an ELF object, in the dynamic loader's order: DT_RPATH (when there is no
    /// DT_RUNPATH), LD_LIBRARY_PATH, DT_RUNPATH, ld.so.conf (with its includes), the default directories.
    static func librarySearchPath(
        for elf: ELFFile, objectPath: String, environment: [String: String], ldSoConf: [String]
    ) -> [String] {
        let origin = String(objectPath[..<(objectPath.lastIndex(of: "/") ?? objectPath.startIndex)])
        func expand(_ entry: String) -> String {
            entry.replacing("${ORIGIN}", with: origin).replacing("$ORIGIN", with: origin)
        }
        var directories: [String] = []
        if elf.runpath.isEmpty { directories += elf.rpath.map(expand) }
        directories += (environment["LD_LIBRARY_PATH"] ?? "").split(separator: ":").map(String.init)
        directories += elf.runpath.map(expand)
        directories += ldSoConf
        for triplet in elf.multiarchTriplets {
            directories += ["/lib/\(triplet)", "/usr/lib/\(triplet)"]
        }
        directories += elf.elfClass == .elf64 ? ["/lib64", "/usr/lib64", "/lib", "/usr/lib"] : ["/lib", "/usr/lib"]
        directories += ["/usr/local/lib"]
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    /// Directories listed by /etc/ld.so.conf, following `include` globs of the form `DIR/*.conf` or `DIR/*`, and
    /// musl's /etc/ld-musl-ARCH.path files.
    static func ldSoConfDirectories(filesystem: MergedFilesystem, read: (String) -> [UInt8]?) -> [String] {
        var result: [String] = []
        var visited = Set<String>()
        func parse(_ path: String, depth: Int) {
            guard depth < 8, visited.insert(path).inserted, let bytes = read(path) else { return }
            for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" || $0 == "," })
                guard let first = words.first else { continue }
                if first == "include" {
                    for pattern in words.dropFirst() { includes(String(pattern), depth: depth) }
                } else {
                    result += words.map(String.init).filter { $0.hasPrefix("/") }
                }
            }
        }
        func includes(_ pattern: String, depth: Int) {
            guard let slash = pattern.lastIndex(of: "/") else { return }
            let directory = String(pattern[..<slash])
            let glob = pattern[pattern.index(after: slash)...]
            let suffix = glob.hasPrefix("*") ? String(glob.dropFirst()) : nil
            for name in filesystem.children(of: directory) {
                if let suffix, name.hasSuffix(suffix) {
                    parse(directory + "/" + name, depth: depth + 1)
                } else if suffix == nil, name == glob {
                    parse(directory + "/" + name, depth: depth + 1)
                }
            }
        }
        parse("/etc/ld.so.conf", depth: 0)
        for name in filesystem.children(of: "/etc") where name.hasPrefix("ld-musl-") && name.hasSuffix(".path") {
            parse("/etc/" + name, depth: 0)
        }
        return result
    }

    /// The first program a shell script runs, when the script starts with a simple command whose program is a
    /// plain word (after `exec`; assignments skipped). The script is split by DockerfileSyntax's shell analysis,
    /// the one the Dockerfile rules use; a script that starts with a reserved word, a group or a subshell
    /// (`if …`, `{ …; }`, `( … )`, `! …`) names no first program.
    static func firstProgram(ofScript script: String) -> String? {
        let builtins: Set<String> = [
            "cd", "set", "export", ".", "source", "echo", "printf", "test", "[", "true", "false", ":", "trap", "umask",
            "ulimit", "eval", "read", "unset", "wait",
        ]
        // The first command with a program, after bare assignments (`X=1; exec app`) at most, with nothing but
        // blanks, comment lines, `;` and `&&` in between.
        let commands = ShellScript.commands(script)
        guard let index = commands.firstIndex(where: { !$0.name.isEmpty }),
            commands[..<index].allSatisfy({ $0.name.isEmpty && $0.redirections.isEmpty })
        else { return nil }
        let command = commands[index]
        let gapStart = index == 0 ? 0 : commands[index - 1].span.end.offset
        let gap = script.utf8.dropFirst(gapStart).prefix(command.span.start.offset - gapStart)
        let separators: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "&")]
        let onlySeparators = gap.split(separator: 0x0A).allSatisfy { line in
            line.drop { $0 == 0x20 || $0 == 0x09 }.first == UInt8(ascii: "#") || line.allSatisfy(separators.contains)
        }
        guard onlySeparators, command.depth == 0, !command.isCondition else { return nil }
        var words = command.words[...]
        while let word = words.first, word.raw == "exec" || word.raw.contains("=") && !word.raw.hasPrefix("=") {
            words = words.dropFirst()
        }
        guard let word = words.first, word.raw == word.value, !builtins.contains(word.value) else { return nil }
        let meta = Set("$`\"'\\;&|<>(){}*?[]~")
        guard !word.value.contains(where: { meta.contains($0) }) else { return nil }
        return word.value
    }
}
