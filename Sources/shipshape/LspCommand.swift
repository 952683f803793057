import ArgumentParser
import LanguageServer

/// `shipshape lsp`: the Dockerfile language server on standard input and output.
struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server for Dockerfiles on standard input and output (for editors).",
        discussion: """
            Speaks the Language Server Protocol over stdio: diagnostics as you type, the safe fixes as quick \
            fixes, rule documentation on hover. Configuration comes from the nearest .shipshape.yml above each \
            file, reloaded when it changes or a file is saved. Editor set-up: docs/integrations.md.
            """)

    @Flag(help: .hidden) var stdio = false

    func run() throws {
        var options = LanguageServer.Options()
        options.version = ShipshapeVersion.current
        let code = StdioServer.run(LanguageServer(options: options))
        if code != 0 { throw ExitCode(code) }
    }
}
