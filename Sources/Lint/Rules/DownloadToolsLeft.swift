import Findings

/// curl or wget is installed in the final image but only used during the build.
struct DownloadToolsLeft: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0035", "download-tools-left", .noTools, .info,
        summary: "curl or wget stays in the final image although only the build uses it.",
        why: """
            A download tool is the first thing an intruder needs to fetch the rest of their kit. When the \
            image only uses it to download something during the build, remove it in the same RUN, or download \
            in a builder stage (or with `ADD --checksum`). Not reported when CMD, ENTRYPOINT or HEALTHCHECK \
            use it.
            """,
        bad: """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
            RUN curl -fsSLo /usr/local/bin/app https://example.com/app
            """,
        good: """
            FROM debian:bookworm-slim
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d --chmod=755 https://example.com/app /usr/local/bin/app
            """)

    func check(_ context: LintContext) -> [Finding] {
        let runtime = context.shippedInstructions.filter { ["CMD", "ENTRYPOINT", "HEALTHCHECK"].contains($0.keyword) }
        let usedAtRuntime = runtime.contains { instruction in
            let text = (instruction.execForm?.joined(separator: " ") ?? instruction.text)
            return text.contains("curl") || text.contains("wget")
        }
        if usedAtRuntime { return [] }
        return ToolPackages.findings(
            context, rule: Self.descriptor, packages: ["curl", "wget"], kind: "download tool",
            hint: "remove it in the same RUN after use, or download in a builder stage")
    }
}
