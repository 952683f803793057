import Foundation
import TestSupport
import Testing

/// `shipshape lsp` driven by a real LSP client, pygls (Tests/CLITests/Fixtures/lsp_client.py), over stdio.
@Suite(
    "shipshape lsp with a real client",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(
        if: Requirement.met(pythonHas("pygls.lsp.client")),
        "needs pygls in $SHIPSHAPE_TEST_PYTHON (scripts/python-requirements.txt)"))
struct LspClientTests {
    static let dockerfile = """
        FROM debian:bookworm-slim
        RUN apt-get update
        RUN echo "😀" && apt-get install -y ca-certificates
        USER 65532

        """

    @Test("diagnostics, quick fixes, hover, an incremental change and a configuration reload")
    func session() throws {
        let directory = try TestFiles.temporaryDirectory("lsp-client")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.dockerfile.write(toFile: directory + "/Dockerfile", atomically: true, encoding: .utf8)
        let result = try TestProcess.run(
            testPython, [fixtures.appendingPathComponent("lsp_client.py").path, TestFiles.shipshape.path, directory])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], "\(result.stdout)")
        #expect(report["server"] as? String == "shipshape")
        #expect(report["sync"] as? Int == 2)

        typealias Diagnostic = [String: Any]
        func find(_ list: Any?, _ code: String) -> Diagnostic? {
            (list as? [Diagnostic])?.first { $0["code"] as? String == code }
        }
        let update = try #require(find(report["opened"], "SS0021"), "\(report)")
        #expect(update["line"] as? Int == 1 && update["severity"] as? Int == 2)
        // After the emoji (two UTF-16 units): `apt-get install` starts at character 17.
        let recommends = try #require(find(report["opened"], "SS0041"))
        #expect(recommends["line"] as? Int == 2 && recommends["character"] as? Int == 17, "\(recommends)")

        let actions = try #require(report["actions"] as? [[String: Any]])
        let fix = try #require(actions.first { ($0["title"] as? String)?.hasPrefix("SS0041") == true }, "\(actions)")
        #expect(fix["kind"] as? String == "quickfix")
        let edit = try #require((fix["edits"] as? [[String: Any]])?.first)
        #expect(edit["line"] as? Int == 2 && edit["character"] as? Int == 32, "\(edit)")
        #expect((edit["newText"] as? String)?.contains("--no-install-recommends") == true)
        #expect(actions.contains { $0["kind"] as? String == "source.fixAll.shipshape" })

        let hover = try #require(report["hover"] as? String)
        #expect(hover.contains("SS0021 apt-get-update-alone") && hover.contains("**Why:**"))

        // The typed line moved everything down one.
        #expect(find(report["changed"], "SS0041")?["line"] as? Int == 3)
        #expect(find(report["changed"], "SS0021")?["line"] as? Int == 2)
        // .shipshape.yml disabled the rule.
        #expect(find(report["reconfigured"], "SS0021") == nil)
        #expect(find(report["reconfigured"], "SS0041") != nil)
    }
}
