/// A package-manager install found in a RUN command: which manager, which packages, where.
public struct PackageInstall: Sendable {
    public enum Manager: String, Sendable {
        case apt, apk, yum, dnf, microdnf, zypper, pip, npm, gem
    }

    public var manager: Manager
    /// Package names, versions stripped (`curl=8.5.0-2` → `curl`), lower-cased.
    public var packages: [String]
    /// `apk add --virtual NAME`: the group name `apk del NAME` removes.
    public var virtualGroup: String?
    public var command: ShellCommand
    public var instruction: Instruction
}

extension ShellCommand {
    /// The package manager this command installs with, if it is an install.
    public var installManager: PackageInstall.Manager? {
        let sub = subcommand
        switch name {
        // `apt-get install -s` is a dry run (docker-library's postgres probes for a package with it).
        case "apt-get", "apt", "aptitude": return sub == "install" && !isDryRun ? .apt : nil
        case "apk": return sub == "add" ? .apk : nil
        // `dnf in` is dnf's alias of install; reinstall, upgrade and localinstall download packages too.
        case "yum": return Self.rpmInstalls.contains(sub ?? "") ? .yum : nil
        case "dnf", "tdnf":
            return Self.rpmInstalls.contains(sub ?? "") || Self.dnfAliases.contains(sub ?? "") ? .dnf : nil
        case "microdnf":
            return sub == "install" || sub == "reinstall" || sub == "upgrade" || Self.dnfAliases.contains(sub ?? "")
                ? .microdnf : nil
        case "zypper": return sub == "install" || sub == "in" ? .zypper : nil
        case "pip", "pip3", "pip2": return sub == "install" ? .pip : nil
        case "npm": return sub == "install" || sub == "i" || sub == "ci" ? .npm : nil
        case "gem": return sub == "install" ? .gem : nil
        default:
            if name.hasPrefix("pip3.") || name.hasPrefix("python") {
                // `python3 -m pip install x`
                let words = arguments
                if let m = words.firstIndex(of: "-m"), m + 2 < words.count, words[m + 1] == "pip",
                    words[(m + 2)...].contains("install")
                {
                    return .pip
                }
            }
            return nil
        }
    }

    /// The yum/dnf subcommands that download and install packages.
    private static let rpmInstalls: Set<String> = ["install", "groupinstall", "localinstall", "reinstall", "upgrade"]

    /// dnf's short names and minimal upgrades, which download packages as install does (`dnf in`, `dnf up`).
    private static let dnfAliases: Set<String> = ["in", "up", "rei", "upgrade-minimal", "up-min", "update"]

    /// Options that take a value as the next word, per manager, so the value is not taken for a package.
    private static let optionsWithValue: Set<String> = [
        "-o", "-t", "--target-release", "--virtual", "-X", "--repository", "-p", "--root", "-r", "--requirement",
        "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "--trusted-host", "-f", "--find-links",
        "--enablerepo", "--disablerepo", "--setopt", "--releasever", "--installroot", "--target", "--prefix",
        "-e", "--editable", "--cache-dir", "--platform", "--python-version", "--only-binary", "--no-binary",
        "--prefer-binary", "--registry", "-v", "--version", "--install-dir", "-n", "--bindir",
    ]

    /// The subcommands after which a package manager's operands start.
    static let packageSubcommands: Set<String> = [
        "install", "add", "in", "groupinstall", "remove", "purge", "del", "erase", "uninstall", "autoremove",
    ]

    /// A package operand without its version or extras (`flask[async]==2.0` -> `flask`): cut at the first of
    /// `=`, `>`, `<`, `~`, `!`, `[`, `@` that does not start the word (each judged by its first occurrence, as
    /// cutting at them one after the other would).
    static func packageName(_ word: String) -> String {
        let bytes = word.utf8
        var cut = bytes.endIndex
        for separator in "=><~![@".utf8 {
            if let index = bytes.firstIndex(of: separator), index != bytes.startIndex, index < cut { cut = index }
        }
        return String(word[..<cut])
    }

    /// The package names an install or removal command names (after the subcommand), without versions.
    public var packageOperands: [String] {
        var result: [String] = []
        var words = arguments[...]
        // Skip to the subcommand (or `-m pip install`).
        if let install = words.firstIndex(where: { ShellCommand.packageSubcommands.contains($0) }) {
            words = words[(install + 1)...]
        } else {
            return []
        }
        var skipNext = false
        for word in words {
            if skipNext {
                skipNext = false
                continue
            }
            if word.hasPrefix("-") {
                if ShellCommand.optionsWithValue.contains(word) { skipNext = true }
                continue
            }
            let name = ShellCommand.packageName(word.lowercased())
            if !name.isEmpty { result.append(name) }
        }
        return result
    }

    /// The `--virtual NAME` / `-t NAME` group of `apk add`.
    public var apkVirtualGroup: String? {
        let words = arguments
        for (index, word) in words.enumerated() where word == "--virtual" || word == "-t" {
            if index + 1 < words.count { return words[index + 1] }
        }
        if let inline = words.first(where: { $0.hasPrefix("--virtual=") }) {
            return String(inline.dropFirst("--virtual=".count))
        }
        return nil
    }

    /// Whether this command removes packages (`apt-get purge`, `apk del`, `yum remove`, …).
    public var isPackageRemoval: Bool {
        let sub = subcommand
        switch name {
        case "apt-get", "apt", "aptitude": return sub == "purge" || sub == "remove" || sub == "autoremove"
        case "apk": return sub == "del"
        case "yum", "dnf", "microdnf", "tdnf", "zypper": return sub == "remove" || sub == "erase" || sub == "rm"
        case "pip", "pip3": return sub == "uninstall"
        case "dpkg": return has("-r", "-P", "--purge", "--remove")
        default: return false
        }
    }
}

extension LintContext {
    /// Every package install of `stage`'s RUN instructions.
    public func packageInstalls(in stage: Stage) -> [PackageInstall] {
        commands(of: stage).packageInstalls
    }

    /// The packages removed by RUN commands of `stage` (names and apk virtual groups).
    public func removedPackages(in stage: Stage) -> Set<String> {
        commands(of: stage).removedPackages
    }

    /// The installs in the shipped stages whose packages are still there at the end: not removed by the same
    /// RUN (`apt-get purge`, `apk del` of the virtual group, the `apt-mark auto` + `--auto-remove` idiom) nor by a
    /// later RUN of the shipped stages. `matching` picks the package names of interest; each result names the
    /// install and the matching packages.
    public func shippedPackages(matching predicate: (String) -> Bool) -> [(install: PackageInstall, packages: [String])]
    {
        var result: [(PackageInstall, [String])] = []
        let removed = shippedStages.reduce(into: Set<String>()) { $0.formUnion(commands(of: $1).removedPackages) }
        for stage in shippedStages {
            for install in commands(of: stage).packageInstalls {
                if let group = install.virtualGroup, removed.contains(group.lowercased()) { continue }
                let hits = install.packages.filter { predicate($0) && !removed.contains($0) }
                if !hits.isEmpty { result.append((install, hits)) }
            }
        }
        return result
    }
}

/// Whether a word holds a variable whose value the linter cannot know.
func isSymbolic(_ word: String) -> Bool { word.contains("$") }
