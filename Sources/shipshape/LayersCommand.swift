import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct LayersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "layers", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'layers' is not available yet", code: Exit.usage).rawValue)
    }
}
