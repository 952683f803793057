import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'build' is not available yet", code: Exit.usage).rawValue)
    }
}
