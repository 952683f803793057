import ArgumentParser

// Placeholder until its issue lands: replaced by the real command.
struct TagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tags", abstract: "(not yet available)")

    func run() async throws {
        throw ExitCode(fail("'tags' is not available yet", code: Exit.usage).rawValue)
    }
}
