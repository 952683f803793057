import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "copy", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'copy' is not available yet", code: Exit.usage).rawValue)
    }
}
