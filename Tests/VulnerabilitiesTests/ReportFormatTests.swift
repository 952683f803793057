import Foundation
import TestSupport
import Testing

@testable import Vulnerabilities

/// The interpreter of the test venv (scripts/check.sh installs scripts/python-requirements.txt into it).
let testPython = ProcessInfo.processInfo.environment["SHIPSHAPE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

/// The report formats, checked by independent validators: SARIF against the SARIF 2.1.0 JSON schema (Reference/,
/// with Python's jsonschema), CycloneDX with cyclonedx-python-lib's strict 1.6 schema validation.
@Suite(
    "scan report formats",
    .enabled(
        if: Requirement.met(testPython != nil),
        "needs SHIPSHAPE_TEST_PYTHON (a venv with scripts/python-requirements.txt; CI sets it)"))
struct ReportFormatTests {
    static let validator = """
        import json, sys
        kind, path = sys.argv[1], sys.argv[2]
        text = open(path).read()
        if kind == "sarif":
            import jsonschema
            schema = json.load(open(sys.argv[3]))
            validator = jsonschema.Draft4Validator(schema)
            errors = sorted(validator.iter_errors(json.loads(text)), key=lambda e: list(e.path))
            for error in errors[:10]:
                print("/".join(map(str, error.path)), error.message)
            sys.exit(1 if errors else 0)
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator
        error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
        if error:
            print(error)
            sys.exit(1)
        """

    static func validate(_ text: String, kind: String) throws -> String? {
        let python = try #require(testPython)
        let directory = try TestFiles.scratchDirectory("scan-validate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(validator.utf8).write(to: URL(fileURLWithPath: directory + "/validate.py"))
        try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/report.json"))
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Reference/sarif-schema-2.1.0.json"
        ).path
        let result = try TestProcess.run(
            python, [directory + "/validate.py", kind, directory + "/report.json", schema])
        return result.succeeded ? nil : result.stdout + result.stderr
    }

    /// Every part of a report: findings (one hostile summary), a suppressed match, an expired entry, a baseline.
    static func report() throws -> ScanReport {
        var matches = try SuppressionTests.matches()
        matches[1].summary = "evil \u{1B}[2J summary | <script>alert(1)</script> *bold*"
        matches[0].package.location = "usr/lib/python3/site-packages/urllib3-1.26.12.dist-info/METADATA"
        matches[0].package.layer = "sha256:" + String(repeating: "ab", count: 32)
        matches[0].package.createdBy = "RUN pip install urllib3==1.26.12"
        let extra = PackageQuery(
            ecosystem: "PyPI", name: "requests", version: "2.32.3", purl: "pkg:pypi/requests@2.32.3")
        var suppressed = matches[0]
        suppressed.package = extra
        suppressed.id = "CVE-2024-35195"
        var report = ScanReport(matches: matches, packagesChecked: 3, databaseSummary: "test", toolVersion: "0.1.0")
        report.packages = matches.map(\.package) + [extra]
        report.target = "docker-archive:app.tar"
        report.suppressed = [
            SuppressedMatch(
                match: suppressed,
                suppression: Suppression(
                    kind: .vex, status: "not_affected", justification: "component_not_present", source: "a.vex.json"))
        ]
        report.expiredIgnores = [
            IgnoreEntry(
                id: "CVE-2020-1", reason: "old", until: try #require(CalendarDate("2000-01-01")),
                location: ".shipshape.yml:3")
        ]
        report.baseline = Baseline(
            source: "before.json",
            entries: [
                BaselineEntry(matches[0]),
                BaselineEntry(ids: ["CVE-2019-1"], ecosystem: "PyPI", package: "rack", version: "1"),
            ])
        return report
    }

    @Test("SARIF passes the SARIF 2.1.0 JSON schema: baselineState, suppressions, a location on every result")
    func sarif() throws {
        let report = try Self.report()
        let text = report.rendered(as: .sarif)
        #expect(try Self.validate(text, kind: "sarif") == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(
            results.map { $0["ruleId"] as? String } == [
                "CVE-2023-43804", "PYSEC-2099-1", "expired-ignore", "CVE-2024-35195",
            ])
        #expect(results.map { $0["baselineState"] as? String } == ["unchanged", "new", nil, nil])
        #expect((results[3]["suppressions"] as? [[String: Any]])?.first?["kind"] as? String == "external")
        #expect(results.allSatisfy { ($0["locations"] as? [Any])?.isEmpty == false })
        #expect(!text.contains("\u{1B}"))
        // Without the schema's help a broken document would pass: a result without a message must fail it.
        let broken = text.replacingOccurrences(of: "\"message\"", with: "\"note\"")
        #expect(try Self.validate(broken, kind: "sarif") != nil)
    }

    @Test("CycloneDX 1.6 with vulnerabilities passes cyclonedx-python-lib's strict validation; affects refs resolve")
    func cycloneDX() throws {
        let text = try Self.report().rendered(as: .cyclonedx)
        #expect(try Self.validate(text, kind: "cyclonedx") == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let references = Set(((object["components"] as? [[String: Any]]) ?? []).compactMap { $0["bom-ref"] as? String })
        #expect(references == ["pkg:pypi/urllib3@1.26.12", "pkg:pypi/jinja2@3.1.2", "pkg:pypi/requests@2.32.3"])
        let vulnerabilities = try #require(object["vulnerabilities"] as? [[String: Any]])
        #expect(vulnerabilities.map { $0["id"] as? String } == ["CVE-2023-43804", "PYSEC-2099-1", "CVE-2024-35195"])
        for vulnerability in vulnerabilities {
            for affect in (vulnerability["affects"] as? [[String: Any]]) ?? [] {
                #expect(references.contains(affect["ref"] as? String ?? ""))
            }
        }
        #expect((vulnerabilities[2]["analysis"] as? [String: Any])?["state"] as? String == "not_affected")
        let ratings = try #require(vulnerabilities[0]["ratings"] as? [[String: Any]])
        #expect(ratings.first?["method"] as? String == "CVSSv31" && ratings.first?["score"] as? Double == 5.9)
    }

    @Test("Markdown, HTML and text escape what the records say")
    func documents() throws {
        let report = try Self.report()
        let markdown = report.rendered(as: .markdown)
        #expect(markdown.contains(#"\| &lt;script&gt;alert\(1\)&lt;/script&gt; \*bold\*"#))
        #expect(!markdown.contains("<script>") && !markdown.contains("\u{1B}"))
        #expect(markdown.contains("## Suppressed") && markdown.contains("## Fixed since the baseline"))
        #expect(markdown.contains("## Expired ignore entries"))
        let html = report.rendered(as: .html)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>"))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        // The shared frame: every request forbidden, light and dark.
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        #expect(html.contains("prefers-color-scheme:dark") && html.contains("@media print"))
        let text = report.rendered(as: .text)
        for output in [markdown, html, text] { #expect(!output.contains("\u{1B}")) }
        #expect(text.contains("NEW  PYSEC-2099-1"))
        #expect(text.contains("against the baseline before.json: 1 new, 1 fixed"))
        #expect(text.contains("suppressed (1):\n  CVE-2024-35195  requests 2.32.3: not_affected (VEX a.vex.json)"))
        let json = report.rendered(as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["suppressed"] as? [Any])?.count == 1)
        #expect(((object["baseline"] as? [String: Any])?["new"] as? Int) == 1)
    }
}
