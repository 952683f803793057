import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'inspect' is not available yet", code: Exit.usage).rawValue)
    }
}
