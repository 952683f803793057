/// What one RUN instruction leaves behind: the packages it installs and the ones it removes again, the package
/// caches it cleans (and after which command), and the paths it deletes. Every rule that asks "does this RUN
/// clean up after itself" asks this one model, so a cleanup idiom taught here is seen by all of them.
struct RunEffects: Sendable {
    /// A cache a package manager leaves in the layer.
    enum Cache: Sendable, Hashable {
        /// /var/lib/apt/lists (`apt-get update`).
        case aptLists
        /// /var/cache/yum, /var/cache/dnf, /var/cache/zypp.
        case rpm
        /// /var/cache/apk.
        case apk
    }

    /// The RUN's UTF-8 byte offset in the file (which RUN this is).
    let startOffset: Int
    /// The commands of the RUN, in order.
    let commands: [ShellCommand]
    /// The package installs, with the index of their command in `commands`.
    let installs: [(index: Int, install: PackageInstall)]
    /// Package names and apk virtual groups that the RUN removes (purge, del, dpkg -P, …), and every package
    /// it installs with apt when it ends with the Debian idiom `apt-mark auto '.*'` … `apt-get purge
    /// --auto-remove` (docker-library's images: build dependencies marked automatic and purged in the same RUN).
    let removedPackages: Set<String>
    /// For each cache, the index of the last command that removes it.
    let cleaned: [Cache: Int]
    /// The paths `rm` removes, as written (`$tempDir` stays a variable).
    let removedPaths: Set<String>

    init(_ instruction: Instruction) {
        let commands = instruction.commands
        self.commands = commands
        self.startOffset = instruction.startOffset
        var installs: [(Int, PackageInstall)] = []
        var removed: Set<String> = []
        var cleaned: [Cache: Int] = [:]
        var removedPaths: Set<String> = []
        var markedAuto: Int?
        var keptManual: Set<String> = []
        var autoRemovedAfterMark = false
        for (index, command) in commands.enumerated() {
            if let manager = command.installManager {
                installs.append(
                    (
                        index,
                        PackageInstall(
                            manager: manager, packages: command.packageOperands,
                            virtualGroup: command.apkVirtualGroup, command: command, instruction: instruction)
                    ))
            }
            if command.isPackageRemoval {
                removed.formUnion(command.packageOperands)
                if command.name == "dpkg" { removed.formUnion(command.arguments.filter { !$0.hasPrefix("-") }) }
                if markedAuto != nil, command.autoRemoves { autoRemovedAfterMark = true }
            }
            if command.name == "apt-mark" {
                if command.subcommand == "auto" { markedAuto = index }
                if command.subcommand == "manual" {
                    keptManual.formUnion(command.operands.filter { !isSymbolic($0) }.map { $0.lowercased() })
                }
            }
            for cache in command.cleanedCaches { cleaned[cache] = index }
            if command.name == "rm" {
                removedPaths.formUnion(command.arguments.filter { !$0.hasPrefix("-") })
            }
        }
        if let mark = markedAuto, autoRemovedAfterMark {
            for (index, install) in installs where install.manager == .apt && index < mark {
                removed.formUnion(install.packages.filter { !keptManual.contains($0) })
            }
        }
        self.installs = installs
        self.removedPackages = removed
        self.cleaned = cleaned
        self.removedPaths = removedPaths
    }

    /// Whether a command after `index` removes `cache`.
    func cleans(_ cache: Cache, after index: Int) -> Bool {
        (cleaned[cache] ?? -1) > index
    }

    /// Whether the RUN deletes `path` (as written: `rm -rf "$tempDir"` deletes `$tempDir`) or a directory above it.
    func removes(path: String) -> Bool {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        if removedPaths.contains(trimmed) || removedPaths.contains(trimmed + "/") { return true }
        return removedPaths.contains { removed in
            let directory = removed.hasSuffix("/") ? removed : removed + "/"
            return directory.count > 1 && trimmed.hasPrefix(directory)
        }
    }
}

extension ShellCommand {
    /// `apt-get install -s` / `--simulate` / `--dry-run` / `--just-print` / `--no-act`: a dry run installs nothing.
    var isDryRun: Bool {
        guard name == "apt-get" || name == "apt" else { return false }
        return has("-s", "--simulate", "--dry-run", "--just-print", "--no-act", "--recon")
    }

    /// Whether a removal also removes the packages nothing depends on any more (`--auto-remove`, `autoremove`,
    /// `autopurge`).
    var autoRemoves: Bool {
        let sub = subcommand
        return sub == "autoremove" || sub == "autopurge" || has("--auto-remove", "--autoremove")
    }

    /// The package caches this command removes.
    var cleanedCaches: [RunEffects.Cache] {
        switch name {
        case "apt-get", "apt":
            // `apt-get dist-clean` (apt 2.7) removes the lists as well as the archives.
            return subcommand == "dist-clean" || subcommand == "distclean" ? [.aptLists] : []
        case "yum", "dnf", "microdnf", "tdnf", "zypper":
            return subcommand == "clean" || subcommand == "cc" ? [.rpm] : []
        case "apk":
            return subcommand == "cache" && arguments.contains("clean") ? [.apk] : []
        case "rm":
            return Self.cachesUnder(arguments.filter { !$0.hasPrefix("-") })
        case "find":
            // `find /var/lib/apt/lists -type f -delete`
            guard arguments.contains("-delete") || arguments.contains("rm") else { return [] }
            return Self.cachesUnder(arguments.filter { $0.hasPrefix("/") })
        default:
            return []
        }
    }

    private static func cachesUnder(_ paths: [String]) -> [RunEffects.Cache] {
        var caches: [RunEffects.Cache] = []
        for path in paths {
            if path.hasPrefix("/var/lib/apt/lists") || path == "/var/lib/apt" || path == "/var/lib/apt/"
                || path == "/var/lib/apt/*"
            {
                caches.append(.aptLists)
            }
            if path.hasPrefix("/var/cache/yum") || path.hasPrefix("/var/cache/dnf") || path.hasPrefix("/var/cache/zypp")
                || path.hasPrefix("/var/cache/libdnf5")
                || path == "/var/cache" || path == "/var/cache/" || path == "/var/cache/*"
            {
                caches.append(.rpm)
            }
            if path.hasPrefix("/var/cache/apk") || path.hasPrefix("/etc/apk/cache") || path == "/var/cache/*" {
                caches.append(.apk)
            }
        }
        return caches
    }
}
