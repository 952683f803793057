import Findings

/// Shared check of the `no-tools` rules: packages of a kind installed in the shipped stages and not removed.
///
/// A tool the image exists to run is not an unnecessary tool: a package that provides the program the final
/// ENTRYPOINT/CMD starts (an `nmap` image installing nmap, an `sshd` image installing openssh-server) is not
/// reported, and neither is anything in a toolbox image, one whose command is an interactive shell. Build tools
/// (`toolchain: true`) are not reported either in an SDK image, one that sets no command at all (docker-library's
/// `golang`, a `gcc` build image: its compilers are what it ships).
enum ToolPackages {
    static func findings(
        _ context: LintContext, rule: RuleDescriptor, packages: Set<String>, prefixes: [String] = [], kind: String,
        hint: String, toolchain: Bool = false
    ) -> [Finding] {
        let programs = commandPrograms(context)
        if programs.isEmpty ? toolchain : programs.isSubset(of: shells) { return [] }
        let of = { (name: String) in packages.contains(name) || prefixes.contains { name.hasPrefix($0) } }
        let shipped = context.shippedPackages(matching: of)
        // A compiler image (its command is gcc, make, go): the whole toolchain is its application.
        if toolchain, shipped.contains(where: { $0.packages.contains { provides($0, programs) } }) { return [] }
        return shipped.compactMap { install, names in
            let names = names.filter { !provides($0, programs) }
            return names.isEmpty ? nil : (install, names)
        }.map { install, names in
            context.finding(
                rule, install.command.range,
                "\(names.joined(separator: ", ")) (\(kind)) is installed in the final image", hint: hint)
        }
    }

    /// Interactive shells: an image whose command is one of them is a toolbox.
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "fish", "ksh", "busybox"]

    /// The base names of the programs the final ENTRYPOINT and CMD start: the exec-form words that are not
    /// options, and the commands of a shell-form one.
    static func commandPrograms(_ context: LintContext) -> Set<String> {
        var programs: Set<String> = []
        for instruction in [context.finalEntrypoint, context.finalCmd].compactMap({ $0 }) {
            if let words = instruction.execForm {
                for word in words where !word.hasPrefix("-") && !word.isEmpty {
                    let base = word.split(separator: "/").last.map(String.init) ?? word
                    programs.insert(base)
                    // `sh -c "nmap …"`: the words of the script too.
                    for part in word.split(separator: " ") where !part.hasPrefix("-") {
                        programs.insert(part.split(separator: "/").last.map(String.init) ?? String(part))
                    }
                }
            } else {
                for command in instruction.commands where !command.name.isEmpty { programs.insert(command.name) }
            }
        }
        return programs
    }

    /// The programs of packages whose name does not say it (`openssh-server` runs as `sshd`).
    private static let packagePrograms: [String: [String]] = [
        "openssh-server": ["sshd"], "openssh": ["sshd", "ssh"], "openssh-client": ["ssh", "scp", "sftp"],
        "openssh-clients": ["ssh", "scp", "sftp"], "ssh": ["ssh", "sshd"], "netcat": ["nc", "netcat"],
        "netcat-openbsd": ["nc", "netcat"], "netcat-traditional": ["nc", "netcat"], "nmap-ncat": ["ncat"],
        "linux-perf": ["perf"], "vim-tiny": ["vi", "vim"], "vim-nox": ["vim", "vi"], "neovim": ["nvim"],
        "emacs-nox": ["emacs"], "build-essential": ["gcc", "g++", "make"], "build-base": ["gcc", "g++", "make"],
        "golang": ["go"], "golang-go": ["go"], "rustc": ["rustc"], "cargo": ["cargo"],
    ]

    /// Whether the package `name` provides one of `programs`.
    static func provides(_ name: String, _ programs: Set<String>) -> Bool {
        if programs.contains(name) { return true }
        if let known = packagePrograms[name], known.contains(where: programs.contains) { return true }
        // `emacs25`, `gcc-12`: a versioned package of the program.
        return programs.contains { program in
            name.hasPrefix(program)
                && name.dropFirst(program.count).allSatisfy { $0.isNumber || $0 == "-" || $0 == "." }
        }
    }
}
