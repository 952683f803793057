import Foundation
import TestSupport
import Testing

/// `shipshape lsp` driven by Neovim's own built-in client (Debian's `neovim`, headless), as a Neovim user sets it
/// up: Tests/CLITests/Fixtures/nvim_lsp_client.lua opens a Dockerfile, waits for the diagnostics, asks for code
/// actions and hover, edits a line and waits for the diagnostics to follow, and writes what it saw as JSON.
@Suite(
    "shipshape lsp in Neovim",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(if: Requirement.met(TestProcess.exists("nvim")), "needs neovim (scripts/debian-packages.txt)"))
struct NeovimLspTests {
    @Test("diagnostics on open, quick fixes, hover with the rule's documentation, diagnostics after an edit")
    func session() throws {
        let directory = try TestFiles.temporaryDirectory("nvim-lsp")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y ca-certificates\n"
        try dockerfile.write(toFile: directory + "/Dockerfile", atomically: true, encoding: .utf8)
        let out = directory + "/result.json"
        let script = fixtures.appendingPathComponent("nvim_lsp_client.lua").path
        let result = try TestProcess.run(
            "/usr/bin/timeout",
            ["120", "nvim", "--headless", "--clean", "-n", "-c", "luafile " + script, "Dockerfile"],
            directory: directory,
            environment: ["SHIPSHAPE_BIN": TestFiles.shipshape.path, "SHIPSHAPE_LSP_OUT": out])
        #expect(result.status == 0, "nvim: \(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(report["error"] == nil, "\(report["error"] ?? "")")
        #expect(report["attached"] as? Bool == true)
        #expect(report["got_diagnostics"] as? Bool == true)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let update = try #require(diagnostics.first { $0["code"] as? String == "SS0021" }, "\(diagnostics)")
        #expect(update["lnum"] as? Int == 1)
        let recommends = try #require(diagnostics.first { $0["code"] as? String == "SS0041" })
        #expect(recommends["lnum"] as? Int == 2 && recommends["col"] as? Int == 4)
        let actions = try #require(report["actions"] as? [[String: Any]], "\(report)")
        #expect(
            actions.contains {
                $0["kind"] as? String == "quickfix" && ($0["title"] as? String)?.hasPrefix("SS0041") == true
            })
        #expect((report["hover"] as? String)?.contains("SS0041 apt-no-install-recommends") == true)
        #expect(report["cleared"] as? Bool == true, "SS0021 stayed after the edit that joined update and install")
    }
}
