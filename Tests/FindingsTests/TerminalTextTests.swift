import Findings
import Testing

/// Issue 18 row 8: what a Dockerfile, an image or a registry says reaches a terminal or a CI log escaped.
@Suite("Control characters in output")
struct TerminalTextTests {
    @Test(
        "escaped",
        arguments: [
            ("plain text, ünïcode; a\ttab", "plain text, ünïcode; a\\ttab"),
            ("\u{1B}]0;pwned\u{07}", "\\x1b]0;pwned\\x07"),
            ("\u{1B}[2J", "\\x1b[2J"),
            ("a\r\nb", "a\\r\\nb"),
            ("a\nb\rc", "a\\nb\\rc"),
            ("nul\u{0}", "nul\\x00"),
            ("del\u{7F} csi\u{9B}", "del\\x7f csi\\x9b"),
            ("rtl\u{202E}txt", "rtl\\u{202e}txt"),
        ])
    func escaped(input: String, expected: String) {
        #expect(TerminalText.escaped(input) == expected)
    }

    @Test("an excerpt is short and escaped")
    func excerpt() {
        #expect(TerminalText.excerpt("root:$6$abcdefghijklmnopqrstuvwxyz0123456789", limit: 10) == "root:$6$ab…")
        #expect(TerminalText.excerpt("a\u{1B}b", limit: 10) == "a\\x1bb")
    }

    let rule = RuleDescriptor(
        id: "SS1010", name: "executable-missing", practice: .correctness, severity: .error, summary: "s",
        documentation: "s\n\nd")

    var hostile: Finding {
        Finding(
            rule, message: "'/bin/x\u{1B}[2J\r\n0 problems' is missing", hint: "install\r\nit",
            path: "/bin/x\u{1B}[2J\r\n")
    }

    @Test("text, GitHub and SARIF output carry no control character from a finding; JSON is exact")
    func reporters() {
        let report = Report(findings: [hostile], rules: [rule], toolVersion: "1")
        for format in [ReportFormat.text, .github, .sarif] {
            let output = report.rendered(as: format)
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != " " }, "\(format)")
            #expect(!lines.contains { $0.hasPrefix("0 problems") }, "\(format)")
        }
        let github = report.rendered(as: .github)
        #expect(github.split(separator: "\n").count == 1)
        #expect(github.contains(#"::'/bin/x\x1b[2J\r\n0 problems' is missing%0Ainstall\r\nit"#))
        #expect(report.rendered(as: .json).contains(#"/bin/x\u001b[2J\r\n0 problems"#))
    }

    @Test("SARIF keeps the message and the hint apart; JSON has the hint")
    func hintApart() {
        let finding = Finding(rule, message: "the message", hint: "the hint", file: "Dockerfile")
        let report = Report(findings: [finding], rules: [rule], toolVersion: "1")
        let sarif = report.rendered(as: .sarif)
        #expect(sarif.contains(#""text": "the message""#))
        #expect(sarif.contains(#""hint": "the hint""#))
        #expect(!sarif.contains("the message the hint"))
        #expect(report.rendered(as: .json).contains(#""hint": "the hint""#))
    }
}
