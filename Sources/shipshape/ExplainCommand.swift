import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'explain' is not available yet", code: Exit.usage).rawValue)
    }
}
