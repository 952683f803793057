import Findings
import ImageFormat

/// no-tools and minimal-content: what ships in the final filesystem.
extension ImageChecks {
    /// A tool looked for by program name in the usual bin directories and by package name.
    struct Tool {
        var rule: RuleDescriptor
        var programs: [String]
        var packages: [String]
    }

    static let binDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]

    static let tools: [Tool] = [
        Tool(
            rule: ImageRules.networkTool,
            programs: ["nc", "ncat", "netcat", "nc.openbsd", "nc.traditional", "socat", "telnet", "tcpdump", "nmap"],
            packages: [
                "netcat", "netcat-openbsd", "netcat-traditional", "ncat", "nmap-ncat", "socat", "telnet",
                "inetutils-telnet",
                "tcpdump", "nmap",
            ]),
        Tool(
            rule: ImageRules.remoteShell, programs: ["ssh", "sshd"],
            packages: ["openssh-client", "openssh-server", "openssh"]),
        Tool(
            rule: ImageRules.buildTool,
            programs: ["gcc", "g++", "cc", "c++", "clang", "clang++", "make", "rustc", "javac", "gfortran"],
            packages: ["gcc", "g++", "clang", "make", "build-essential", "build-base", "rustc"]),
        Tool(
            rule: ImageRules.debugger, programs: ["gdb", "strace", "ltrace", "lldb"],
            packages: ["gdb", "strace", "ltrace", "lldb"]),
        Tool(
            rule: ImageRules.editor, programs: ["vi", "vim", "vim.basic", "vim.tiny", "nano", "emacs", "ed"],
            packages: ["vim", "vim-tiny", "nano", "emacs", "emacs-nox"]),
        Tool(
            rule: ImageRules.packageManager,
            programs: ["apt-get", "apt", "dpkg", "apk", "yum", "dnf", "microdnf", "rpm", "zypper", "pip", "pip3"],
            packages: []),
    ]

    static func noTools(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        for tool in tools {
            var found: [(String, MergedFilesystem.File, Bool)] = []  // program path, file, via busybox
            for program in tool.programs {
                for directory in binDirectories {
                    let path = directory + "/" + program
                    guard let target = context.filesystem.resolve(path).file, target.entry.kind != .directory else {
                        continue
                    }
                    let busybox = CommandResolution.basename(target.path).hasPrefix("busybox")
                    found.append((path, target, busybox))
                    break
                }
            }
            for (path, file, busybox) in found {
                var finding = Finding(
                    tool.rule,
                    message: "'\(path)' is in the image" + (busybox ? " (a busybox applet)" : ""),
                    hint: tool.rule.id == ImageRules.packageManager.id
                        ? "use a base without a package manager where nothing installs at run time"
                        : "remove it from the final stage", layer: context.layerID(file.layer), path: path)
                if busybox { finding.severity = .info }
                findings.append(finding)
            }
            if found.isEmpty {
                for package in tool.packages where context.facts.packages.contains(package) {
                    findings.append(
                        Finding(
                            tool.rule,
                            message:
                                "the package '\(package)' is installed (\(context.facts.packageDatabase ?? "package") database)",
                            hint: "remove it from the final stage"))
                }
            }
        }
        return findings
    }

    static func minimalContent(_ context: CheckContext) -> [Finding] {
        var findings: [Finding] = []
        let filesystem = context.filesystem
        if let elf = context.command.elf, elf.isStatic, let executable = context.command.executable {
            let distribution =
                context.facts.distribution ?? (context.facts.packageDatabase.map { "a \($0)-based system" })
            if let distribution {
                findings.append(
                    Finding(
                        ImageRules.staticBinaryOnDistribution,
                        message: "'\(executable.path)' is statically linked but ships on \(distribution)",
                        hint: "FROM scratch or gcr.io/distroless/static", layer: context.layerID(executable.layer),
                        path: executable.path))
            }
        }
        func usage(_ root: String) -> (files: Int, bytes: Int64) {
            var files = 0
            var bytes: Int64 = 0
            filesystem.forEachFile(under: root, sorted: false) { file in
                guard file.entry.kind != .directory else { return }
                files += 1
                bytes += file.entry.kind == .regular ? file.size : 0
            }
            return (files, bytes)
        }
        var documentation: [String] = []
        var documentationBytes: Int64 = 0
        for directory in ["/usr/share/doc", "/usr/share/man", "/usr/share/info", "/usr/local/share/man"] {
            let (files, bytes) = usage(directory)
            // Debian keeps copyright files under /usr/share/doc even on slim images; count more than those.
            guard files > 0, bytes >= 64 << 10 else { continue }
            documentation.append("\(directory) (\(files) files, \(ImageChecks.bytes(bytes)))")
            documentationBytes += bytes
        }
        if !documentation.isEmpty {
            findings.append(
                Finding(
                    ImageRules.documentation,
                    message: "documentation ships: " + documentation.joined(separator: ", "),
                    hint: "remove it in the RUN that installs packages", path: documentation.count == 1 ? nil : nil))
        }
        let caches: [(String, String)] = [
            ("/var/lib/apt/lists", "apt lists"), ("/var/cache/apt/archives", "downloaded .deb packages"),
            ("/var/cache/apk", "apk cache"), ("/root/.cache/pip", "pip cache"), ("/var/cache/yum", "yum cache"),
            ("/var/cache/dnf", "dnf cache"), ("/root/.npm/_cacache", "npm cache"),
            ("/usr/local/share/.cache/yarn", "yarn cache"),
        ]
        for (directory, kind) in caches {
            let (files, bytes) = usage(directory)
            guard bytes > 0 else { continue }
            let layer = filesystem.lookup(directory).map { context.layerID($0.layer) } ?? nil
            findings.append(
                Finding(
                    ImageRules.packageCache,
                    message: "\(kind) ship: \(files) files, \(ImageChecks.bytes(bytes)) under \(directory)",
                    hint: "clean it in the same RUN, or use a cache mount", layer: layer, path: directory))
        }
        return findings
    }
}
