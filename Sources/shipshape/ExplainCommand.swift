import ArgumentParser
import Lint

/// `shipshape explain ID|NAME`: one rule's documentation.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Show a lint rule's documentation: what, why, a bad and a good example.")

    @Argument(help: "The rule's id (SS0001) or name (shell-form-entrypoint).")
    var rule: String

    func run() async throws {
        guard let found = RuleRegistry.rule(rule) else {
            throw ExitCode(
                fail("no rule '\(rule)' (`shipshape rules` lists them)", code: Exit.usage).rawValue)
        }
        var text = RuleDocs.explain(found.descriptor)
        let codes = type(of: found).hadolintCodes
        if !codes.isEmpty { text += "\nhadolint equivalents: \(codes.joined(separator: ", "))\n" }
        StandardOutput.write(text)
    }
}
