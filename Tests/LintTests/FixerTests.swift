import Findings
import Testing

@testable import Lint

@Suite("Safe fixes and diffs")
struct FixerTests {
    let original = """
        FROM debian:bookworm-slim
        RUN apt-get update
        RUN apt-get install -y curl
        ENTRYPOINT exec /app --flag
        CMD node server.js
        """

    @Test("the safe fixes apply, and fixing twice changes nothing")
    func idempotent() {
        let linter = Linter()
        let (fixed, remaining) = Fixer.fix(original, path: "Dockerfile", linter: linter, configuration: Configuration())
        #expect(
            fixed == """
                FROM debian:bookworm-slim
                RUN apt-get update \\
                    && apt-get install --no-install-recommends -y curl \\
                    && rm -rf /var/lib/apt/lists/*
                ENTRYPOINT exec /app --flag
                CMD ["node", "server.js"]
                """)
        #expect(!remaining.contains { ["SS0002", "SS0021", "SS0041", "SS0071"].contains($0.rule) })
        let (again, _) = Fixer.fix(fixed, path: "Dockerfile", linter: linter, configuration: Configuration())
        #expect(again == fixed)
    }

    @Test("fixes that break a line keep CRLF line endings, and the diff of a CRLF file is per line")
    func crlf() {
        let text =
            "FROM debian:bookworm-slim\r\nRUN apt-get update\r\nRUN apt-get install -y --no-install-recommends curl\r\nCMD [\"sh\"]\r\n"
        let (fixed, _) = Fixer.fix(text, path: "Dockerfile", linter: Linter(), configuration: Configuration())
        #expect(
            fixed
                == "FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n    && apt-get install -y --no-install-recommends curl \\\r\n    && rm -rf /var/lib/apt/lists/*\r\nCMD [\"sh\"]\r\n"
        )
        // Every line ends in CRLF: no bare LF was inserted.
        let bytes = Array(fixed.utf8)
        #expect(
            bytes.indices.allSatisfy {
                bytes[$0] != UInt8(ascii: "\n") || (($0 > 0) && bytes[$0 - 1] == UInt8(ascii: "\r"))
            })
        let diff = UnifiedDiff.make(old: text, new: fixed, oldName: "a/Dockerfile", newName: "b/Dockerfile")
        #expect(
            diff == """
                --- a/Dockerfile
                +++ b/Dockerfile
                @@ -1,4 +1,5 @@
                 FROM debian:bookworm-slim\r
                -RUN apt-get update\r
                -RUN apt-get install -y --no-install-recommends curl\r
                +RUN apt-get update \\\r
                +    && apt-get install -y --no-install-recommends curl \\\r
                +    && rm -rf /var/lib/apt/lists/*\r
                 CMD ["sh"]\r

                """)
        // A file with LF endings still gets LF.
        let (plain, _) = Fixer.fix(
            "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n",
            path: "Dockerfile", linter: Linter(), configuration: Configuration())
        #expect(!plain.utf8.contains(UInt8(ascii: "\r")))
        #expect(plain.hasSuffix("curl \\\n    && rm -rf /var/lib/apt/lists/*\n"))
    }

    @Test("a CMD that needs the shell (variables, operators) is reported but not rewritten")
    func notRewritten() {
        let findings = Linter(rules: [ShellFormCmd()]).lint(
            "FROM alpine:3.21\nCMD echo $HOME && run\n", path: "Dockerfile")
        #expect(findings.map(\.rule) == ["SS0002"])
        #expect(findings.first?.fix == nil)
    }

    @Test("overlapping edits wait for the next round")
    func overlapping() {
        let fixes = [
            Fix(description: "a", edits: [TextEdit(start: 0, end: 4, replacement: "AAAA")]),
            Fix(description: "b", edits: [TextEdit(start: 2, end: 6, replacement: "BB")]),
        ]
        let (text, applied) = Fixer.apply(fixes, to: "0123456789")
        #expect(text == "AAAA456789")
        #expect(applied == 1)
    }

    @Test("the unified diff of the fixes")
    func diff() {
        let old = "FROM alpine:3.21\nRUN true\nCMD node server.js\n"
        let new = "FROM alpine:3.21\nRUN true\nCMD [\"node\", \"server.js\"]\n"
        #expect(
            UnifiedDiff.make(old: old, new: new, oldName: "a/Dockerfile", newName: "b/Dockerfile") == """
                --- a/Dockerfile
                +++ b/Dockerfile
                @@ -1,3 +1,3 @@
                 FROM alpine:3.21
                 RUN true
                -CMD node server.js
                +CMD ["node", "server.js"]

                """)
        #expect(UnifiedDiff.make(old: old, new: old, oldName: "a", newName: "b") == "")
    }

    @Test("distant changes make separate hunks")
    func hunks() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacing("line 2\n", with: "line two\n").replacing("line 19\n", with: "line nineteen\n")
        let diff = UnifiedDiff.make(old: old, new: new, oldName: "a", newName: "b")
        #expect(diff.components(separatedBy: "@@ -").count == 3)
        #expect(diff.contains("@@ -1,5 +1,5 @@"))
        #expect(diff.contains("@@ -16,5 +16,5 @@"))
    }
}
