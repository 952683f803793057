import ArgumentParser
import ImageAnalysis
import Lint
import Probe

/// `shipshape explain ID|NAME`: one rule's documentation, a lint rule, an image check or a probe finding.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a rule's documentation (lint rule, image check or probe finding): what, why, and what to do.")

    @Argument(help: "The rule's id (SS0001, SS1010, SS2001) or name (shell-form-entrypoint, executable-missing).")
    var rule: String

    func run() async throws {
        if let found = RuleRegistry.rule(rule) {
            var text = RuleDocs.explain(found.descriptor)
            let codes = type(of: found).hadolintCodes
            if !codes.isEmpty { text += "\nhadolint equivalents: \(codes.joined(separator: ", "))\n" }
            let checks = type(of: found).buildkitChecks
            if !checks.isEmpty {
                text += (codes.isEmpty ? "\n" : "") + "BuildKit build checks: \(checks.joined(separator: ", "))\n"
            }
            StandardOutput.write(text)
            return
        }
        if let check = ImageRules.rule(named: rule) {
            StandardOutput.write(RuleDocs.explain(check) + "\nchecked by: shipshape inspect\n")
            return
        }
        if let check = ProbeRules.rule(named: rule) {
            StandardOutput.write(RuleDocs.explain(check) + "\nmeasured by: shipshape probe\n")
            return
        }
        throw ExitCode(fail("no rule '\(rule)' (`shipshape rules` lists them)", code: Exit.usage).rawValue)
    }
}
