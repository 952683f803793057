import ArgumentParser

@main
struct Shipshape: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shipshape",
        abstract: "Container images made the way the best practice says: lint, inspect, build, copy, tag.",
        discussion: """
            Exit codes: 0 no finding at or above the failure threshold; 1 findings at or above it; \
            2 the input could not be read or is not what it claims to be; 64 bad usage.
            """,
        version: ShipshapeVersion.current,
        subcommands: [
            LintCommand.self,
            RulesCommand.self,
            ExplainCommand.self,
            InspectCommand.self,
            LayersCommand.self,
            CopyCommand.self,
            BuildCommand.self,
            TagsCommand.self,
        ]
    )
}

enum ShipshapeVersion {
    static let current = "0.1.0"
}
