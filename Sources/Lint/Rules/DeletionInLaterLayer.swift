import Findings

/// Files are removed in a later RUN than the one that created them: the lower layer still ships every byte.
struct DeletionInLaterLayer: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0070", "deletion-in-later-layer", .layerWaste, .warning,
        summary: "A RUN removes files that an earlier instruction added: the bytes still ship in the lower layer.",
        why: """
            Layers only add. `rm`, `apt-get purge`, `apk del` or `apt-get clean` in a later RUN hide the files \
            (a whiteout) but the layer that added them is still pulled and stored in full. Clean up in the \
            same RUN that created the files, or build in a stage and copy only what is needed.
            """,
        bad: """
            FROM debian:bookworm-slim
            COPY app.tar.gz /tmp/app.tar.gz
            RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
            """,
        good: """
            FROM debian:bookworm-slim
            RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt
            """)

    static let cleanupNames: Set<String> = ["rm", "true", ":", "find", "rmdir"]

    /// Whether the command only cleans up (removes files or packages, clears caches).
    static func isCleanup(_ command: ShellCommand) -> Bool {
        if command.isPackageRemoval { return true }
        let sub = command.subcommand
        switch command.name {
        case "rm", "rmdir": return true
        case "apt-get", "apt", "yum", "dnf", "microdnf", "zypper":
            return sub == "clean" || sub == "autoremove" || sub == "autoclean"
        case "pip", "pip3": return sub == "cache"
        case "npm", "yarn": return sub == "cache"
        case "find": return command.arguments.contains("-delete") || command.arguments.contains("rm")
        default: return false
        }
    }

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            var added: [(path: String, line: Int)] = []
            var seenRun = false
            for instruction in stage.instructions {
                if ["COPY", "ADD"].contains(instruction.keyword), instruction.words.count >= 2,
                    let destination = instruction.words.last, destination.hasPrefix("/"), !isSymbolic(destination)
                {
                    let sources = instruction.words.dropLast()
                    for source in sources {
                        let name = source.split(separator: "/").last.map(String.init) ?? source
                        let path = destination.hasSuffix("/") || sources.count > 1 ? destination + name : destination
                        added.append((path, instruction.range.line))
                    }
                }
                guard instruction.keyword == "RUN", !instruction.commands.isEmpty else { continue }
                defer { seenRun = true }
                if seenRun, instruction.commands.allSatisfy(Self.isCleanup),
                    instruction.commands.contains(where: { $0.name != "true" && $0.name != ":" })
                {
                    if instruction.mounts.contains(where: { $0["type"] == "cache" }) { continue }
                    findings.append(
                        context.finding(
                            Self.descriptor, instruction.range,
                            "this RUN only removes files or packages that an earlier layer added; the bytes still ship",
                            hint: "clean up in the same RUN that created the files"))
                    continue
                }
                for command in instruction.commands where command.name == "rm" {
                    for target in command.arguments where !target.hasPrefix("-") {
                        if let match = added.first(where: {
                            $0.path == target || target.hasSuffix("*") && $0.path.hasPrefix(String(target.dropLast()))
                        }) {
                            findings.append(
                                context.finding(
                                    Self.descriptor, command.range,
                                    "`rm \(target)` removes a file added on line \(match.line); it still ships in that layer",
                                    hint: "use RUN --mount=type=bind (or a builder stage) instead of copying it in"))
                        }
                    }
                }
            }
        }
        return findings
    }
}
