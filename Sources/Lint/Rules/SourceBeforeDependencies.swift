import Findings

/// The whole source tree is copied before the dependency install that only needs the manifest, so every source
/// change reinstalls every dependency.
struct SourceBeforeDependencies: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0020", "source-before-dependencies", .buildCache, .warning,
        summary: "`COPY . .` comes before the dependency install, so any source change re-runs the install.",
        why: """
            A layer is rebuilt when anything it copies changes. With the whole context copied before \
            `npm ci` / `pip install -r` / `go mod download` / `bundle install`, editing one source file \
            invalidates the install and every build downloads all dependencies again. Copy only the \
            manifests and lock files first, install, then copy the rest.
            """,
        bad: """
            FROM node:22-slim
            WORKDIR /app
            COPY . .
            RUN npm ci
            CMD ["node", "server.js"]
            """,
        good: """
            FROM node:22-slim
            WORKDIR /app
            COPY package.json package-lock.json ./
            RUN npm ci
            COPY . .
            CMD ["node", "server.js"]
            """)

    /// The ecosystem of a dependency-install command that needs only the manifests.
    static func ecosystem(_ command: ShellCommand) -> String? {
        let sub = command.subcommand
        switch command.name {
        case "npm": return sub == "ci" || ((sub == "install" || sub == "i") && command.operands.isEmpty) ? "npm" : nil
        case "yarn": return sub == nil || sub == "install" ? "yarn" : nil
        case "pnpm": return (sub == "install" || sub == "i") && command.operands.isEmpty ? "pnpm" : nil
        case "pip", "pip3": return sub == "install" && command.has("-r", "--requirement") ? "pip" : nil
        case "poetry": return sub == "install" ? "poetry" : nil
        case "uv": return sub == "sync" || (sub == "pip" && command.has("-r")) ? "uv" : nil
        case "pipenv": return sub == "install" || sub == "sync" ? "pipenv" : nil
        case "go": return sub == "mod" && command.arguments.contains("download") ? "go" : nil
        case "cargo": return sub == "fetch" ? "cargo" : nil
        case "bundle", "bundler": return sub == "install" || sub == nil ? "bundler" : nil
        case "composer": return sub == "install" ? "composer" : nil
        case "mvn", "mvnw": return command.arguments.contains { $0.hasPrefix("dependency:") } ? "maven" : nil
        case "gradle", "gradlew": return sub == "dependencies" ? "gradle" : nil
        default: return nil
        }
    }

    static func copiesWholeContext(_ instruction: Instruction) -> Bool {
        guard ["COPY", "ADD"].contains(instruction.keyword), !instruction.hasFlag("from"),
            instruction.heredocs.isEmpty, instruction.words.count >= 2
        else { return false }
        return instruction.words.dropLast().contains { [".", "./", "*", "./*", "./."].contains($0) }
    }

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            var installedBefore: Set<String> = []
            var wholeCopy: Instruction?
            for instruction in stage.instructions {
                if wholeCopy == nil, Self.copiesWholeContext(instruction) {
                    wholeCopy = instruction
                    continue
                }
                guard instruction.keyword == "RUN" else { continue }
                for command in instruction.commands {
                    guard let ecosystem = Self.ecosystem(command) else { continue }
                    if let copy = wholeCopy, !installedBefore.contains(ecosystem) {
                        findings.append(
                            context.finding(
                                Self.descriptor, copy.range,
                                "the whole build context is copied before the \(ecosystem) install on line \(command.line)",
                                hint: "copy the manifest and lock files first, install, then `COPY . .`"))
                        installedBefore.insert(ecosystem)
                    } else {
                        installedBefore.insert(ecosystem)
                    }
                }
            }
        }
        return findings
    }
}
