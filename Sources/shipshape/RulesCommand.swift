import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'rules' is not available yet", code: Exit.usage).rawValue)
    }
}
