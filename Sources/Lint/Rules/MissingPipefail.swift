import Findings

/// A RUN pipes commands without `set -o pipefail`, so a failing download is hidden by the command after it.
struct MissingPipefail: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0138", "missing-pipefail", .correctness, .info,
        summary: "A RUN uses a pipe without `pipefail`: a failure on the left of `|` does not fail the build.",
        why: """
            A pipeline's status is its last command's: `curl -fsSL url | tar -xz` succeeds even when curl \
            fails, and the image is built without what it needs. Set `SHELL ["/bin/bash", "-o", "pipefail", \
            "-c"]` (or start the RUN with `set -o pipefail &&`).
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt
            """,
        good: """
            FROM debian:bookworm-slim
            SHELL ["/bin/bash", "-o", "pipefail", "-c"]
            RUN curl -fsSL https://example.com/tool.tgz | tar -xz -C /opt
            """)
    static let hadolintCodes = ["DL4006"]

    func check(_ context: LintContext) -> [Finding] {
        var findings: [Finding] = []
        var pipefailIn: Set<Int> = []
        // Whether the shell at the end of each stage is a POSIX one (SHELL follows the FROM chain).
        var posixAtEnd: [Int: Bool] = [:]
        for stage in context.stages {
            var pipefail = stage.baseStage.map { pipefailIn.contains($0) } ?? false
            var posix =
                stage.baseStage.flatMap { posixAtEnd[$0] }
                ?? !(stage.instructions.first.map { Shells.isWindows($0, context) } ?? false)
            defer { posixAtEnd[stage.index] = posix }
            for instruction in stage.instructions {
                if instruction.keyword == "SHELL" {
                    let words = instruction.execForm ?? []
                    posix = Shells.isPosix(words)
                    pipefail =
                        words.contains("pipefail") || words.contains("-eo") && words.contains("pipefail")
                        || words.contains { $0.contains("pipefail") }
                }
                guard instruction.keyword == "RUN", instruction.isShellForm, !pipefail, posix else { continue }
                let commands = instruction.commands
                if commands.contains(where: {
                    $0.name == "set" && $0.arguments.contains { $0.contains("pipefail") || $0 == "-o" }
                        && $0.arguments.contains("pipefail")
                }) {
                    continue
                }
                // `echo … | sha256sum -c` cannot hide anything: only commands that can fail on their own count.
                let quiet: Set<String> = ["echo", "printf", "cat", "yes", "true"]
                guard let pipe = commands.first(where: { $0.pipesIntoNext && !quiet.contains($0.name) }) else {
                    continue
                }
                findings.append(
                    context.finding(
                        Self.descriptor, pipe.range, "`\(pipe.name) | …` hides a failure of \(pipe.name)",
                        hint:
                            "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before this RUN, or `set -o pipefail &&`"
                    ))
            }
            if pipefail { pipefailIn.insert(stage.index) }
        }
        return findings
    }
}
