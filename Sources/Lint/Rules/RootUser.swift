import Findings

/// The final image runs as root: no USER, or the last USER is root.
struct RootUser: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0050", "root-user", .fsSecurity, .info,
        summary: "The final stage runs as root (no USER, or USER root).",
        why: """
            A process running as root in the container can install tools, change every file of the image and, \
            through kernel or runtime bugs, escape as root on the host. Create an unprivileged user and switch \
            to it at the end of the final stage; builder stages may stay root. Bases that already run as \
            non-root (`…:nonroot` distroless) are not reported, nor are images whose entrypoint drops \
            privileges itself (gosu, su-exec, setpriv, runuser, as docker-library's images do), nor a final \
            stage that only exports files (`FROM scratch` with COPY and no command: nothing runs in it). USER \
            with a variable is not judged. Advice (info): whether a container may run as root is often decided \
            by the platform that runs it (Kubernetes `runAsNonRoot`); raise it with `severity: {root-user: \
            warning}` where the image must enforce it.
            """,
        bad: """
            FROM node:22-slim
            COPY . /app
            CMD ["node", "/app/server.js"]
            """,
        good: """
            FROM node:22-slim
            COPY . /app
            USER node
            CMD ["node", "/app/server.js"]
            """)
    static let hadolintCodes = ["DL3002"]

    static func isRoot(_ user: String) -> Bool {
        let name = user.split(separator: ":").first.map(String.init) ?? user
        return name == "root" || name == "0"
    }

    /// Programs that start the application as another user.
    static let privilegeDroppers: Set<String> = ["gosu", "su-exec", "setpriv", "runuser", "s6-setuidgid", "chpst"]
    /// `privilegeDroppers` with their UTF-8 bytes, for the byte search.
    static let privilegeDropperBytes = privilegeDroppers.map { (name: $0, bytes: Array($0.utf8)) }

    /// Whether the final stage only exports files: built on scratch, no command, nothing but file and metadata
    /// instructions.
    static func onlyExportsFiles(_ context: LintContext) -> Bool {
        guard context.shippedStages.first?.base.lowercased() == "scratch",
            context.finalEntrypoint == nil, context.finalCmd == nil
        else { return false }
        let allowed: Set<String> = ["COPY", "ADD", "LABEL", "ARG", "ENV", "WORKDIR", "VOLUME", "EXPOSE", "USER"]
        return context.shippedInstructions.allSatisfy { allowed.contains($0.keyword) }
    }

    /// Whether the image's command or its RUN steps use a program that drops root privileges at start.
    static func dropsPrivileges(_ context: LintContext) -> Bool {
        let programs = ToolPackages.commandPrograms(context)
        if !programs.isDisjoint(with: privilegeDroppers) { return true }
        // The arguments' bytes, joined: a dropper's name in no argument at all (most files) needs no word-by-word
        // search (the names are ASCII, so a word that holds one as characters holds its bytes).
        var joined: [UInt8] = []
        var commands: [ShellCommand] = []
        for stage in context.shippedStages {
            for (_, command) in context.runCommands(in: stage) {
                if privilegeDroppers.contains(command.name) { return true }
                commands.append(command)
                for word in command.arguments {
                    joined.append(contentsOf: word.utf8)
                    joined.append(0)
                }
            }
        }
        let named = Self.privilegeDropperBytes.filter { joined.containsBytes($0.bytes) }
        guard !named.isEmpty else { return false }
        return commands.contains { command in
            command.arguments.contains { word in
                named.contains { word.utf8.containsBytes($0.bytes) && word.contains($0.name) } && !word.hasPrefix("-")
            }
        }
    }

    func check(_ context: LintContext) -> [Finding] {
        guard let final = context.finalStage else { return [] }
        if Self.onlyExportsFiles(context) || Self.dropsPrivileges(context) { return [] }
        let users = context.shippedInstructions.filter { $0.keyword == "USER" }
        if let last = users.last {
            let user = last.words.first ?? ""
            guard !isSymbolic(user), Self.isRoot(user) else { return [] }
            return [
                context.finding(
                    Self.descriptor, last.range, "the final image runs as root",
                    hint: "switch to an unprivileged user: USER 10001 (create it with useradd/adduser first)")
            ]
        }
        let base = context.shippedStages.first?.base.lowercased() ?? ""
        if base.contains("nonroot") || base.contains("rootless") || base.hasPrefix("$") { return [] }
        if context.shippedStages.first?.baseIsSymbolic == true { return [] }
        // Images known to default to a non-root user.
        let nonRootBases = ["gcr.io/distroless/static:nonroot", "cgr.dev/chainguard/", "bitnami/"]
        if nonRootBases.contains(where: { base.hasPrefix($0) }) { return [] }
        return [
            context.finding(
                Self.descriptor, final.from.range, "the final stage has no USER, so the image runs as root",
                hint: "add USER with an unprivileged user at the end of the final stage")
        ]
    }
}
