import Findings

/// A RUN only changes the mode or owner of files an earlier COPY added: the files are stored twice.
struct ChmodInSeparateRun: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0073", "chmod-in-separate-run", .layerWaste, .warning,
        summary: "`RUN chmod`/`chown` of copied files duplicates them in a new layer; use `COPY --chmod/--chown`.",
        why: """
            Changing a file's mode or owner in a later layer stores the whole file again in that layer: a \
            100 MB binary costs 200 MB. `COPY --chmod=755` and `COPY --chown=app:app` set them as the files \
            are copied.
            """,
        bad: """
            FROM debian:bookworm-slim
            COPY app /usr/local/bin/app
            RUN chmod +x /usr/local/bin/app
            """,
        good: """
            FROM debian:bookworm-slim
            COPY --chmod=755 app /usr/local/bin/app
            """)

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        for stage in context.stages {
            var copied: [(path: String, line: Int)] = []
            for instruction in stage.instructions {
                if ["COPY", "ADD"].contains(instruction.keyword), let destination = instruction.words.last,
                    instruction.words.count >= 2, !isSymbolic(destination)
                {
                    let sources = instruction.words.dropLast()
                    for source in sources {
                        let name = source.split(separator: "/").last.map(String.init) ?? source
                        let path = destination.hasSuffix("/") || sources.count > 1 ? destination + name : destination
                        copied.append((path, instruction.range.line))
                        copied.append((destination, instruction.range.line))
                    }
                }
                guard instruction.keyword == "RUN", !instruction.commands.isEmpty,
                    instruction.commands.allSatisfy({ ["chmod", "chown", "chgrp"].contains($0.name) })
                else { continue }
                for command in instruction.commands {
                    let targets = command.arguments.filter { !$0.hasPrefix("-") }.dropFirst()
                    let normalized = targets.map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 }
                    if let match = copied.first(where: { entry in
                        let path =
                            entry.path.hasSuffix("/") && entry.path.count > 1
                            ? String(entry.path.dropLast()) : entry.path
                        return normalized.contains(path)
                    }) {
                        let flag = command.name == "chmod" ? "--chmod" : "--chown"
                        findings.append(
                            context.finding(
                                Self.descriptor, command.range,
                                "`\(command.name)` of files copied on line \(match.line) stores them again in a new layer",
                                hint: "set it while copying: COPY \(flag)=…"))
                        break
                    }
                }
            }
        }
        return findings
    }
}
