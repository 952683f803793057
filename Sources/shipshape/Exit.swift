import ArgumentParser
import Findings

/// The exit codes of PRODUCT.md, the contract every command keeps.
enum Exit {
    /// Nothing at or above the failure threshold.
    static let clean = ExitCode(0)
    /// Findings at or above the failure threshold.
    static let findings = ExitCode(1)
    /// The input could not be read or is not what it claims to be.
    static let badInput = ExitCode(2)
    /// Bad usage (ArgumentParser's validation failures use the same code).
    static let usage = ExitCode(64)
}

/// Prints a diagnostic on stderr and exits with `code`.
func fail(_ message: String, code: ExitCode = Exit.badInput) -> ExitCode {
    printError("shipshape: \(message)")
    return code
}

/// Writes one line to stderr, its control characters escaped: diagnostics quote paths, names and messages from
/// images and registries, which must not move the cursor, retitle the terminal or forge lines in a CI log.
func printError(_ message: String) {
    var stream = StandardError()
    print(TerminalText.escaped(message), to: &stream)
}

/// Writes a diagnostic and, indented below it, its hint: two lines, each escaped like `printError(_:)`.
func printError(_ message: String, hint: String) {
    printError(message)
    printError("    hint: " + hint)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleStderr.write(string)
    }
}
