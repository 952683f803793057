import Findings

/// The final stage only copies a statically linked binary, yet starts from a full distribution.
struct StaticBinaryOnFullBase: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0040", "static-binary-on-full-base", .minimalContent, .warning,
        summary: "A statically linked binary ships on a full distribution instead of `scratch` or distroless.",
        why: """
            A static binary (CGO_ENABLED=0 Go, Rust for musl, `-static`) needs no libc, no shell and no package \
            manager. Shipping it on debian or alpine adds megabytes and hundreds of packages that can carry \
            vulnerabilities and help an intruder. Use `FROM scratch` (add CA certificates and a passwd entry \
            if needed) or `gcr.io/distroless/static`.
            """,
        bad: """
            FROM golang:1.25 AS build
            ENV CGO_ENABLED=0
            RUN go build -o /app ./cmd/app
            FROM debian:bookworm-slim
            COPY --from=build /app /app
            ENTRYPOINT ["/app"]
            """,
        good: """
            FROM golang:1.25 AS build
            ENV CGO_ENABLED=0
            RUN go build -o /app ./cmd/app
            FROM gcr.io/distroless/static-debian12:nonroot
            COPY --from=build /app /app
            ENTRYPOINT ["/app"]
            """)

    static let fullBases: Set<String> = [
        "debian", "ubuntu", "alpine", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux",
        "opensuse/leap", "opensuse/tumbleweed", "archlinux", "busybox", "redhat/ubi8", "redhat/ubi9",
        "redhat/ubi9-minimal", "redhat/ubi8-minimal",
    ]

    func check(_ context: LintContext) -> [Finding] {
        guard context.stages.count > 1, let final = context.finalStage, let image = final.baseImage,
            Self.fullBases.contains(image.repository.replacing("library/", with: ""))
        else { return [] }
        // The final stage only copies from builder stages and sets metadata: no RUN, nothing installed.
        let copies = final.instructions.filter { ["COPY", "ADD"].contains($0.keyword) }
        guard !copies.isEmpty, !final.instructions.contains(where: { $0.keyword == "RUN" }) else { return [] }
        var sources: [Stage] = []
        for copy in copies {
            guard let from = copy.flag("from") else { return [] }
            guard let stage = context.stage(named: from, before: final.index) else { return [] }
            sources.append(stage)
        }
        guard sources.contains(where: isStaticBuild) else { return [] }
        return [
            context.finding(
                Self.descriptor, final.from.range,
                "the final stage only copies a static binary but starts from \(final.base)",
                hint: "use FROM scratch or gcr.io/distroless/static")
        ]
    }

    private func isStaticBuild(_ stage: Stage) -> Bool {
        var cgoDisabled = false
        for instruction in stage.instructions {
            if ["ENV", "ARG"].contains(instruction.keyword),
                instruction.pairs.contains(where: { $0.key == "CGO_ENABLED" && $0.value == "0" })
            {
                cgoDisabled = true
            }
            for command in instruction.commands {
                if command.assignments.contains("CGO_ENABLED=0") { cgoDisabled = true }
                let words = command.effectiveWords
                if command.name == "go", command.subcommand == "build", cgoDisabled { return true }
                if command.name == "go", command.subcommand == "build",
                    words.contains(where: { $0.contains("-extldflags") && $0.contains("-static") })
                {
                    return true
                }
                if command.name == "cargo", words.contains(where: { $0.contains("musl") }) { return true }
                if ["gcc", "cc", "clang", "g++", "musl-gcc"].contains(command.name), words.contains("-static") {
                    return true
                }
            }
        }
        return false
    }
}
