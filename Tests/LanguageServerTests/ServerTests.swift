import Findings
import Foundation
import LanguageServer
import Lint
import TestSupport
import Testing

@Suite("Language server")
struct ServerTests {
    static let bad = """
        FROM debian:bookworm-slim
        RUN echo "😀" && apt-get update
        RUN apt-get install -y ca-certificates
        USER 65532

        """

    func codes(_ diagnostics: [JSONValue]?) -> [String] {
        (diagnostics ?? []).compactMap { $0["code"]?.stringValue }
    }

    @Test("lifecycle: requests before initialize, shutdown then exit, exit without shutdown, bad messages")
    func lifecycle() {
        var client = Client()
        let early = client.request("hover", .object([:])).messages
        #expect(early.first?["error"]?["code"]?.intValue == -32002)
        let initialize = client.request("initialize", .object(["capabilities": .object([:])])).result
        #expect(initialize?["capabilities"]?["textDocumentSync"]?["change"]?.intValue == 2)
        #expect(initialize?["capabilities"]?["hoverProvider"]?.boolValue == true)
        let garbage = client.server.handle(Array("{not json".utf8), now: client.now)
        #expect(garbage.first?["error"]?["code"]?.intValue == -32700)
        #expect(
            client.request("textDocument/definition", .object([:])).messages.first?["error"]?["code"]?.intValue
                == -32601)
        #expect(client.send(.array([])).first?["error"]?["code"]?.intValue == -32600)
        _ = client.request("shutdown", .null)
        #expect(client.request("textDocument/hover", .object([:])).messages.first?["error"] != nil)
        _ = client.notify("exit", .null)
        #expect(client.server.exitCode == 0)

        var abrupt = Client()
        abrupt.initialize()
        _ = abrupt.notify("exit", .null)
        #expect(abrupt.server.exitCode == 1)
    }

    @Test("diagnostics on open, UTF-16 ranges past an emoji")
    func diagnosticsOnOpen() throws {
        var client = Client()
        client.initialize()
        let published = try #require(diagnostics(in: client.open(Self.bad)))
        #expect(codes(published).contains("SS0021"))
        let update = try #require(published.first { $0["code"]?.stringValue == "SS0021" })
        // `apt-get update` starts after `RUN echo "😀" && `: 17 UTF-16 units (the emoji is two).
        let lspRange = try #require(range(update["range"]))
        #expect(lspRange.start.line == 1)
        #expect(update["severity"]?.intValue == 2)
        #expect(update["source"]?.stringValue == "shipshape")
        let recommends = try #require(published.first { $0["code"]?.stringValue == "SS0041" })
        #expect(range(recommends["range"])?.start == Position(line: 2, character: 4))
    }

    /// The text a client shows for an LSP range, counting lines as the specification does (`\n`, `\r\n` and a
    /// lone `\r` end one) and characters in UTF-16 units: written apart from `TextDocument`, to check it.
    func clientText(_ range: LSPRange, in text: String) -> String {
        var line = 0
        var character = 0
        var start: String.UnicodeScalarView.Index?
        var end: String.UnicodeScalarView.Index?
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let here = Position(line: line, character: character)
            if start == nil, !(here < range.start) { start = index }
            if end == nil, !(here < range.end) { end = index }
            let scalar = scalars[index]
            if scalar == "\r", scalars.index(after: index) < scalars.endIndex,
                scalars[scalars.index(after: index)] == "\n"
            {
                index = scalars.index(after: index)
            }
            if scalar == "\n" || scalar == "\r" {
                line += 1
                character = 0
            } else {
                character += scalar.value > 0xFFFF ? 2 : 1
            }
            index = scalars.index(after: index)
        }
        let lower = start ?? scalars.endIndex
        return String(scalars[lower..<max(lower, end ?? scalars.endIndex)])
    }

    /// The text of a finding's range as the linter counts it (lines end at `\n` only; columns are scalars).
    func linterText(_ range: SourceRange, in text: String) -> String {
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        func index(_ line: Int, _ column: Int) -> String.UnicodeScalarView.Index {
            let scalars = lines[line - 1]
            return scalars.index(scalars.startIndex, offsetBy: column - 1, limitedBy: scalars.endIndex)
                ?? scalars.endIndex
        }
        return String(text.unicodeScalars[index(range.line, range.column)..<index(range.endLine, range.endColumn)])
    }

    @Test(
        "\\r\\n and lone \\r line ends: every diagnostic covers the characters the linter flagged",
        arguments: ["\r\n", "\r"])
    func lineEndings(ending: String) throws {
        let text = Self.bad.replacingOccurrences(of: "\n", with: ending) + "RUN echo é\rdone" + ending
        var client = Client()
        client.initialize()
        let published = try #require(diagnostics(in: client.open(text)))
        let findings = Linter().lint(text, path: "/work/Dockerfile").filter { $0.range != nil }
        #expect(!findings.isEmpty && published.count == findings.count)
        var expected: [String] = []
        for finding in findings {
            guard let range = finding.range else { continue }
            expected.append("\(finding.rule) \(linterText(range, in: text).debugDescription)")
        }
        var got: [String] = []
        for diagnostic in published {
            let lspRange = try #require(range(diagnostic["range"]))
            got.append("\(diagnostic["code"]?.stringValue ?? "") \(clientText(lspRange, in: text).debugDescription)")
        }
        #expect(got.sorted() == expected.sorted())
        if ending == "\r\n" {
            // The same findings, at the same positions, as with \n.
            #expect(codes(published).contains("SS0041"))
            let recommends = try #require(published.first { $0["code"]?.stringValue == "SS0041" })
            #expect(range(recommends["range"])?.start == Position(line: 2, character: 4))
        }
    }

    @Test("incremental changes are debounced, then published for the new text")
    func debounced() throws {
        var client = Client()
        client.initialize()
        _ = client.open(Self.bad)
        // Join the two RUNs by hand: replace "\nRUN " at the end of line 1 with " && ".
        let end = endPosition(of: "FROM debian:bookworm-slim\nRUN echo \"😀\" && apt-get update")
        let messages = client.change(
            LSPRange(start: end, end: Position(line: 2, character: 4)), " && ", version: 2)
        #expect(diagnostics(in: messages) == nil, "published before the debounce ran out")
        #expect(client.advance(100_000_000).isEmpty)
        let published = try #require(diagnostics(in: client.advance(200_000_000)))
        #expect(!codes(published).contains("SS0021"))
        #expect(codes(published).contains("SS0041"))
    }

    @Test("quick fixes: the safe fix as a workspace edit that makes the linter's fixed text")
    func codeActions() throws {
        var client = Client()
        client.initialize()
        _ = client.open(Self.bad)
        let actions = try #require(
            client.request(
                "textDocument/codeAction",
                .object([
                    "textDocument": .object(["uri": .string("file:///work/Dockerfile")]),
                    "range": LSPRange(start: Position(line: 2, character: 0), end: Position(line: 2, character: 10))
                        .json,
                    "context": .object(["diagnostics": .array([])]),
                ])
            ).result?.arrayValue)
        let quickFixes = actions.filter { $0["kind"]?.stringValue == "quickfix" }
        #expect(quickFixes.contains { $0["title"]?.stringValue?.hasPrefix("SS0041") == true })
        // Every quick fix, applied through UTF-16 positions, gives what the byte-offset fixer gives.
        let findings = Linter().lint(Self.bad, path: "/work/Dockerfile")
        for action in quickFixes {
            let edits = try #require(action["edit"]?["changes"]?["file:///work/Dockerfile"]?.arrayValue)
            let rule = action["title"]?.stringValue?.prefix(6).description
            let fix = try #require(findings.first { $0.rule == rule && $0.fix != nil }?.fix)
            #expect(applying(edits, to: Self.bad) == Fixer.apply([fix], to: Self.bad).text)
        }
        let fixAll = try #require(actions.first { $0["kind"]?.stringValue == "source.fixAll.shipshape" })
        let edits = try #require(fixAll["edit"]?["changes"]?["file:///work/Dockerfile"]?.arrayValue)
        let fixed = Fixer.fix(Self.bad, path: "/work/Dockerfile", linter: Linter(), configuration: Configuration())
        #expect(applying(edits, to: Self.bad) == fixed.text)
        // Asked for fix-all only: no quick fixes.
        let only = client.request(
            "textDocument/codeAction",
            .object([
                "textDocument": .object(["uri": .string("file:///work/Dockerfile")]),
                "range": LSPRange(start: Position(line: 0, character: 0), end: Position(line: 9, character: 0)).json,
                "context": .object(["diagnostics": .array([]), "only": .array([.string("source.fixAll")])]),
            ]
            )
        ).result?.arrayValue
        #expect(only?.count == 1)
    }

    @Test("hover: a flagged range shows its finding and rule; a rule id in a comment its documentation")
    func hover() throws {
        var client = Client()
        client.initialize()
        _ = client.open(Self.bad + "# shipshape ignore=SS0071 root-user\n# inspect will say SS1053 here\n")
        func hover(_ line: Int, _ character: Int) -> String? {
            client.request(
                "textDocument/hover",
                .object([
                    "textDocument": .object(["uri": .string("file:///work/Dockerfile")]),
                    "position": .object(["line": .int(line), "character": .int(character)]),
                ])
            ).result?["contents"]?["value"]?.stringValue
        }
        let flagged = try #require(hover(2, 10))
        #expect(flagged.contains("SS0041 apt-no-install-recommends"))
        #expect(flagged.contains("**Why:**"))
        let id = try #require(hover(4, 22))
        #expect(id.hasPrefix("### SS0071 apt-lists-not-cleaned"))
        let name = try #require(hover(4, 30))
        #expect(name.hasPrefix("### SS0050 root-user"))
        // An image check's id: its documentation too.
        let check = try #require(hover(5, 20))
        #expect(check.hasPrefix("### SS1053 writable-system-path"), "\(check)")
        #expect(hover(3, 1) == nil)
    }

    @Test(".shipshape.yml honoured and reloaded on a watched-file change; a bad one is reported")
    func configuration() throws {
        var client = Client()
        client.initialize()
        #expect(codes(diagnostics(in: client.open(Self.bad))).contains("SS0041"))
        client.workspace.yaml.withLock { $0 = "disable: [SS0041]\nseverity:\n  SS0021: error\n" }
        let reloaded = try #require(
            diagnostics(in: client.notify("workspace/didChangeWatchedFiles", .object(["changes": .array([])]))))
        #expect(!codes(reloaded).contains("SS0041"))
        #expect(reloaded.first { $0["code"]?.stringValue == "SS0021" }?["severity"]?.intValue == 1)
        client.workspace.yaml.withLock { $0 = "fail-on: sometimes\n" }
        let saved = try #require(
            diagnostics(
                in: client.notify(
                    "textDocument/didSave",
                    .object(["textDocument": .object(["uri": .string("file:///work/Dockerfile")])]))))
        #expect(
            saved.first?["message"]?.stringValue?.hasPrefix("the configuration is not used: .shipshape.yml:1:") == true)
        #expect(codes(saved).contains("SS0041"))
    }

    @Test("closing a document clears its diagnostics; hostile positions and URIs do not crash")
    func hostile() throws {
        var client = Client()
        client.initialize()
        _ = client.open("FROM a\n", uri: "untitled:Untitled-1")
        _ = client.change(
            LSPRange(start: Position(line: -4, character: Int.max), end: Position(line: Int.max, character: -1)),
            "RUN x\u{0}\u{1B}\n", version: 2, uri: "untitled:Untitled-1")
        _ = client.change(
            LSPRange(start: Position(line: 3, character: 0), end: Position(line: 0, character: 0)), "é",
            version: 3, uri: "untitled:Untitled-1")
        _ = client.advance(1_000_000_000)
        _ = client.open("", uri: "file:///%zz%00/%2")
        _ = client.change(nil, "FROM\\\n", version: 2, uri: "file:///%zz%00/%2")
        _ = client.advance(1_000_000_000)
        let closed = client.notify(
            "textDocument/didClose", .object(["textDocument": .object(["uri": .string("untitled:Untitled-1")])]))
        #expect(diagnostics(in: closed)?.isEmpty == true)
    }

    @Test("a document over the limit is reported, not linted; one that grows past four times it is dropped")
    func limits() throws {
        var options = LanguageServer.Options()
        options.maximumDocumentBytes = 64
        var client = Client(options: options)
        client.initialize()
        let big = try #require(diagnostics(in: client.open(Self.bad)))
        #expect(big.count == 1)
        #expect(big.first?["message"]?.stringValue == "not linted: the document is over 64 bytes")
        let end = endPosition(of: Self.bad)
        let dropped = client.change(LSPRange(start: end, end: end), String(repeating: "x", count: 300), version: 2)
        #expect(diagnostics(in: dropped)?.isEmpty == true)
        #expect(client.server.nextDeadline == nil)
    }

    @Test("every prefix of a sample of corpus files, typed one character at a time, lints without a crash")
    func typing() throws {
        let corpus = TestFiles.packageRoot.deletingLastPathComponent().appendingPathComponent(
            "shared/corpus/dockerfiles")
        guard let enumerator = FileManager.default.enumerator(atPath: corpus.path) else {
            #expect(!Requirement.inCI, "../shared/corpus is absent")
            return
        }
        let files = enumerator.compactMap { $0 as? String }.filter {
            $0.lowercased().contains("dockerfile") || $0.lowercased().contains("containerfile")
        }.sorted()
        // Every 50th file (SHIPSHAPE_LSP_TYPING_STRIDE=1: every file), its first 1,000 characters: the loop lints
        // once a character, which a debug build does about 1,000 times a second.
        let stride = ProcessInfo.processInfo.environment["SHIPSHAPE_LSP_TYPING_STRIDE"].flatMap { Int($0) } ?? 50
        let sample = Swift.stride(from: 0, to: files.count, by: max(1, stride)).map { files[$0] }
        #expect(Requirement.inCI ? !sample.isEmpty : true)
        var typed = 0
        for name in sample {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path) else {
                continue
            }
            let text = String(String(decoding: data, as: UTF8.self).prefix(1_000))
            var options = LanguageServer.Options()
            options.debounce = 0
            var client = Client(options: options)
            client.initialize()
            _ = client.open("")
            var prefix = ""
            var version = 1
            for character in text {
                let end = endPosition(of: prefix)
                prefix.append(character)
                version += 1
                let messages = client.change(LSPRange(start: end, end: end), String(character), version: version)
                #expect(diagnostics(in: messages) != nil)
                typed += 1
            }
            // What the server holds is what was typed: the actions' and the diagnostics' positions agree.
            let fixAll = client.request(
                "textDocument/codeAction",
                .object([
                    "textDocument": .object(["uri": .string("file:///work/Dockerfile")]),
                    "range": LSPRange(start: Position(line: 0, character: 0), end: endPosition(of: prefix)).json,
                    "context": .object(["diagnostics": .array([]), "only": .array([.string("source.fixAll")])]),
                ])
            ).result?.arrayValue?.first
            if let edits = fixAll?["edit"]?["changes"]?["file:///work/Dockerfile"]?.arrayValue {
                let expected = Fixer.fix(
                    prefix, path: "/work/Dockerfile", linter: Linter(), configuration: Configuration())
                #expect(applying(edits, to: prefix) == expected.text, "\(name)")
            }
        }
        print("typed \(typed) characters of \(sample.count) corpus files")
    }
}
