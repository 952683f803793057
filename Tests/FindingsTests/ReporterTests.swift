import Findings
import Testing

@Suite("Reporters")
struct ReporterTests {
    let rule = RuleDescriptor(
        id: "SS0001", name: "shell-form-entrypoint", practice: .pid1, severity: .warning,
        summary: "The final ENTRYPOINT is in shell form.",
        documentation: "The final ENTRYPOINT is in shell form.\n\nWhy.")

    var finding: Finding {
        Finding(
            rule, message: "ENTRYPOINT in shell form", hint: "use exec form", file: "app/Dockerfile",
            range: SourceRange(line: 5, column: 1, endLine: 5, endColumn: 30))
    }

    @Test("text: path:line:col: severity: [id name] message, the hint indented, a count")
    func text() {
        let report = Report(findings: [finding], rules: [rule], toolVersion: "1.0")
        #expect(
            report.rendered(as: .text) == """
                app/Dockerfile:5:1: warning: [SS0001 shell-form-entrypoint] ENTRYPOINT in shell form
                    hint: use exec form

                1 problem (0 errors, 1 warning, 0 info)

                """)
        #expect(report.rendered(as: .text, color: true).contains("\u{1B}[1;33mwarning\u{1B}[0m"))
        #expect(Report(findings: [], rules: [rule], toolVersion: "1.0").rendered(as: .text) == "")
    }

    @Test("JSON: the shape of PRODUCT.md, fix null or an object, the hint when there is one")
    func json() {
        var fixed = finding
        fixed.fix = Fix(description: "exec form", edits: [TextEdit(start: 10, end: 20, replacement: "[\"a\"]")])
        let report = Report(findings: [finding, fixed], rules: [rule], toolVersion: "1.0")
        let text = report.rendered(as: .json)
        #expect(
            text.hasPrefix(
                """
                {
                  "findings": [
                    {
                      "column": 1,
                      "endColumn": 30,
                      "endLine": 5,
                      "file": "app/Dockerfile",
                      "fix": null,
                      "hint": "use exec form",
                      "line": 5,
                      "message": "ENTRYPOINT in shell form",
                      "name": "shell-form-entrypoint",
                      "practice": "pid1",
                      "rule": "SS0001",
                      "severity": "warning"
                    },
                """))
        #expect(text.contains("\"replacement\": \"[\\\"a\\\"]\""))
    }

    @Test("JSON for image findings carries layer and path")
    func imageFinding() {
        let image = Finding(rule, message: "m", layer: "sha256:abc", path: "/usr/bin/nc")
        let text = Report(findings: [image], rules: [rule], toolVersion: "1").rendered(as: .json)
        #expect(text.contains("\"layer\": \"sha256:abc\""))
        #expect(text.contains("\"path\": \"/usr/bin/nc\""))
        #expect(!text.contains("\"line\""))
    }

    @Test("SARIF 2.1.0 with rule metadata: help, default level and practice")
    func sarif() {
        let text = Report(findings: [finding], rules: [rule], toolVersion: "1.0").rendered(as: .sarif)
        #expect(text.contains("\"version\": \"2.1.0\""))
        #expect(text.contains("\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""))
        #expect(text.contains("\"practice\": \"pid1\""))
        #expect(text.contains("\"help\": {"))
        #expect(text.contains("\"ruleIndex\": 0"))
        #expect(text.contains("\"startLine\": 5"))
        #expect(text.contains("\"level\": \"warning\""))
    }

    @Test("GitHub annotations escape data and properties; a newline of the message itself is shown as \\n")
    func github() {
        var odd = finding
        odd.message = "50% of a\nb"
        odd.file = "dir,x/Docker:file"
        odd.severity = .info
        let text = Report(findings: [odd], rules: [rule], toolVersion: "1").rendered(as: .github)
        #expect(
            text
                == "::notice file=dir%2Cx/Docker%3Afile,line=5,col=1,endLine=5,endColumn=30,title=SS0001 shell-form-entrypoint::50%25 of a\\nb%0Ause exec form\n"
        )
    }

    @Test("JSON strings escape control characters")
    func escaping() {
        #expect(JSONValue.string("a\"b\\c\n\u{01}").rendered() == "\"a\\\"b\\\\c\\n\\u0001\"")
        #expect(JSONValue.object([:]).rendered() == "{}")
        #expect(JSONValue.array([]).rendered() == "[]")
    }

    @Test("the JSON report writes exactly what JSONValue renders for the same findings")
    func jsonWriterMatchesTree() {
        var odd = finding
        odd.message = "quote \" backslash \\ tab \t cr \r bell \u{07} form \u{0C} back \u{08} é ✓ \u{1F}"
        odd.file = "dir/ü/Dockerfile"
        odd.severity = .error
        var oneEdit = finding
        oneEdit.fix = Fix(description: "exec \"form\"", edits: [TextEdit(start: 3, end: 9, replacement: "[\"a\"]\n")])
        var twoEdits = finding
        twoEdits.fix = Fix(
            description: "two",
            edits: [TextEdit(start: 0, end: 0, replacement: ""), TextEdit(start: 1, end: 2, replacement: "x")])
        var noEdits = finding
        noEdits.fix = Fix(description: "none", edits: [])
        let image = Finding(rule, message: "m", layer: "sha256:abc", path: "/usr/bin/nc")
        let bare = Finding(rule, message: "no file, no range")
        let findings = [finding, odd, oneEdit, twoEdits, noEdits, image, bare]
        for subset in [[], [finding], findings] {
            let expected = JSONValue.object(["findings": .array(subset.map(\.json))]).rendered() + "\n"
            #expect(Report(findings: subset, rules: [rule], toolVersion: "1").rendered(as: .json) == expected)
        }
    }
}
