import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'lint' is not available yet", code: Exit.usage).rawValue)
    }
}
