import Findings

/// A single-stage Dockerfile compiles the application, so the toolchain and sources ship with it.
struct SingleStageBuild: Rule {
    static let descriptor = RuleDescriptor.rule(
        "SS0044", "single-stage-build", .minimalContent, .info,
        summary:
            "The application is compiled in the image it ships in; a multi-stage build would ship only the result.",
        why: """
            `go build`, `cargo build`, `mvn package`, `npm run build` in the final stage leave the compiler, \
            the sources, the dependency caches and intermediate objects in the image. Build in a first stage \
            and `COPY --from` only the artefacts into a small runtime stage.
            """,
        bad: """
            FROM golang:1.25
            WORKDIR /src
            COPY . .
            RUN go build -o /app .
            CMD ["/app"]
            """,
        good: """
            FROM golang:1.25 AS build
            WORKDIR /src
            COPY . .
            RUN CGO_ENABLED=0 go build -o /app .
            FROM gcr.io/distroless/static-debian12
            COPY --from=build /app /app
            CMD ["/app"]
            """)

    static func isBuild(_ command: ShellCommand) -> Bool {
        let sub = command.subcommand
        switch command.name {
        case "go": return sub == "build"
        case "cargo": return sub == "build"
        case "mvn", "mvnw", "./mvnw":
            return command.arguments.contains { ["package", "install", "verify"].contains($0) }
        case "gradle", "gradlew", "./gradlew":
            return command.arguments.contains { ["build", "assemble", "bootJar", "installDist"].contains($0) }
        case "npm", "yarn", "pnpm": return sub == "run" && command.operands.first == "build" || sub == "build"
        case "dotnet": return sub == "publish" || sub == "build"
        case "swift": return sub == "build"
        default: return false
        }
    }

    func check(_ context: LintContext) -> [Finding] {
        guard context.stages.count == 1, let stage = context.finalStage else { return [] }
        guard let (_, command) = context.runCommands(in: stage).first(where: { Self.isBuild($0.command) }) else {
            return []
        }
        return [
            context.finding(
                Self.descriptor, command.range,
                "`\(command.effectiveWords.prefix(2).joined(separator: " "))` builds in the image that ships",
                hint: "build in a first stage and COPY --from it only the artefacts")
        ]
    }
}
