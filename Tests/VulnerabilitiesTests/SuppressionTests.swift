import Foundation
import Testing

@testable import Vulnerabilities

@Suite("Suppressions: VEX, ignore entries, baselines")
struct SuppressionTests {
    /// urllib3 1.26.12 from pip (CVE-2023-43804, medium) and Jinja2 3.1.2 (PYSEC-2099-1, no fix yet).
    static func matches() throws -> [VulnerabilityMatch] {
        let matcher = Matcher(database: try Fixtures.database(MatcherTests.records).0)
        return try matcher.match([
            PackageQuery(ecosystem: "PyPI", name: "urllib3", version: "1.26.12", purl: "pkg:pypi/urllib3@1.26.12"),
            PackageQuery(ecosystem: "PyPI", name: "Jinja2", version: "3.1.2", purl: "pkg:pypi/jinja2@3.1.2"),
        ])
    }

    static let today = CalendarDate(unixTime: 1_767_225_600)  // 2026-01-01

    static func vex(_ json: String) throws -> VEXDocument {
        try VEXDocument(parsing: Array(json.utf8), file: "app.vex.json")
    }

    @Test("calendar dates: RFC 3339 full-date, leap years, Unix time the same as Foundation's calendar")
    func dates() throws {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate("2026-06-30T12:00:00Z")?.description == "2026-06-30")
        for bad in ["2023-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "2026-1-01", "26-01-01", "", "2026/01/01"] {
            #expect(CalendarDate(bad) == nil, "\(bad)")
        }
        #expect(CalendarDate("2000-02-29") != nil)
        #expect(try #require(CalendarDate("2025-12-31")) < Self.today)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        for seconds in [0, -1, 86_399, 86_400, 951_782_400, 4_107_542_400]
            + (0..<500).map({ _ in
                Int.random(in: -2_000_000_000...8_000_000_000, using: &generator)
            })
        {
            let parts = calendar.dateComponents(
                [.year, .month, .day], from: Date(timeIntervalSince1970: Double(seconds)))
            let date = CalendarDate(unixTime: seconds)
            #expect([date.year, date.month, date.day] == [parts.year, parts.month, parts.day], "\(seconds)")
        }
    }

    @Test("OpenVEX v0.2.0: not_affected suppresses the named product; affected, other versions, other ids do not")
    func openVEX() throws {
        let matches = try Self.matches()
        #expect(matches.map(\.id) == ["CVE-2023-43804", "PYSEC-2099-1"])
        let document = try Self.vex(
            """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/1", "author": "QA",
             "timestamp": "2025-01-01T00:00:00Z", "version": 1,
             "statements": [
               {"vulnerability": {"name": "GHSA-v845-jxx5-vc9f"}, "products": [{"@id": "pkg:oci/app",
                 "subcomponents": [{"@id": "pkg:pypi/urllib3@1.26.12"}]}],
                "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
                "impact_statement": "no redirects are followed"},
               {"vulnerability": {"name": "PYSEC-2099-1"}, "products": [{"@id": "pkg:pypi/jinja2@3.0.0"}],
                "status": "not_affected", "justification": "component_not_present"}
             ]}
            """)
        let applied = Suppressions.apply(matches, vex: [document], ignores: [], today: Self.today)
        #expect(applied.kept.map(\.id) == ["PYSEC-2099-1"])
        #expect(applied.suppressed.map(\.match.id) == ["CVE-2023-43804"])
        #expect(applied.suppressed.first?.suppression.status == "not_affected")
        #expect(
            applied.suppressed.first?.suppression.justification
                == "vulnerable_code_not_in_execute_path: no redirects are followed")
        // A later statement saying affected wins over the earlier not_affected.
        let later = try Self.vex(
            """
            {"@context": "https://openvex.dev/ns/v0.2.0", "timestamp": "2025-01-01T00:00:00Z",
             "statements": [
               {"vulnerability": {"name": "CVE-2023-43804"}, "products": [{"@id": "pkg:pypi/urllib3"}],
                "status": "not_affected", "justification": "component_not_present"},
               {"vulnerability": {"name": "CVE-2023-43804"}, "products": [{"@id": "pkg:pypi/urllib3"}],
                "status": "affected", "timestamp": "2025-06-01T00:00:00Z", "action_statement": "upgrade"}
             ]}
            """)
        #expect(Suppressions.apply(matches, vex: [later], ignores: [], today: Self.today).suppressed.isEmpty)
        // v0.0.1: vulnerability and products as plain strings; `fixed` suppresses too.
        let old = try Self.vex(
            """
            {"@context": "https://openvex.dev/ns", "statements": [
               {"vulnerability": "PYSEC-2099-1", "products": ["pkg:pypi/Jinja2@3.1.2"], "status": "fixed"}]}
            """)
        #expect(
            Suppressions.apply(matches, vex: [old], ignores: [], today: Self.today).kept.map(\.id) == ["CVE-2023-43804"]
        )
        #expect(throws: DatabaseError.self) { try Self.vex(#"{"statements": [{"status": "fixed"}]}"#) }
        #expect(throws: DatabaseError.self) { try Self.vex(#"{"bomFormat": "SPDX"}"#) }
        #expect(throws: DatabaseError.self) { try Self.vex("not json") }
    }

    @Test("CycloneDX VEX: analysis.state through components' bom-ref")
    func cycloneDXVEX() throws {
        let document = try Self.vex(
            """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "components": [{"type": "library", "bom-ref": "u3", "name": "urllib3", "version": "1.26.12",
                             "purl": "pkg:pypi/urllib3@1.26.12"}],
             "vulnerabilities": [
               {"id": "CVE-2023-43804", "analysis": {"state": "false_positive", "detail": "vendored, patched"},
                "affects": [{"ref": "u3"}]},
               {"id": "PYSEC-2099-1", "analysis": {"state": "in_triage"}, "affects": [{"ref": "pkg:pypi/jinja2@3.1.2"}]}
             ]}
            """)
        let applied = Suppressions.apply(try Self.matches(), vex: [document], ignores: [], today: Self.today)
        #expect(applied.suppressed.map(\.match.id) == ["CVE-2023-43804"])
        #expect(applied.suppressed.first?.suppression.text == "false_positive (VEX app.vex.json): vendored, patched")
        #expect(applied.kept.map(\.id) == ["PYSEC-2099-1"])
    }

    @Test(".shipshape.yml ignore entries: by id or alias and package, until a date; expired ones say so")
    func ignores() throws {
        let entries = try IgnoreList.parse(
            """
            fail-on: warning
            vulnerabilities:
              ignore:
                - id: PYSEC-2023-192
                  package: URLLIB3
                  reason: we never follow cross-origin redirects
                  until: 2026-06-30
                - id: PYSEC-2099-1
                  reason: templates are ours
                  until: 2025-12-31
            """, file: ".shipshape.yml")
        #expect(entries.map(\.location) == [".shipshape.yml:4", ".shipshape.yml:8"])
        let applied = Suppressions.apply(try Self.matches(), vex: [], ignores: entries, today: Self.today)
        #expect(applied.suppressed.map(\.match.id) == ["CVE-2023-43804"])
        #expect(applied.suppressed.first?.suppression.source == ".shipshape.yml:4, until 2026-06-30")
        #expect(applied.kept.map(\.id) == ["PYSEC-2099-1"])
        #expect(applied.expired.map(\.id) == ["PYSEC-2099-1"])
        var report = ScanReport(
            matches: applied.kept, packagesChecked: 2, databaseSummary: "test", toolVersion: "0.0.0")
        report.suppressed = applied.suppressed
        report.expiredIgnores = applied.expired
        #expect(report.findings.map(\.rule) == ["PYSEC-2099-1", "expired-ignore"])
        #expect(report.findings.last?.message.contains("expired on 2025-12-31 (.shipshape.yml:8)") == true)
        // The expired entry counts as a medium finding; the suppressed medium one does not fail.
        #expect(report.fails(.medium) && !report.fails(.high))
        // The last day still suppresses.
        let lastDay = try #require(CalendarDate("2026-06-30"))
        #expect(Suppressions.apply(try Self.matches(), vex: [], ignores: entries, today: lastDay).suppressed.count == 1)
        #expect(
            Suppressions.apply(
                try Self.matches(), vex: [], ignores: entries, today: CalendarDate(unixTime: 1_782_864_000)
            )
            .suppressed.isEmpty)  // 2026-07-01
    }

    @Test(
        "bad ignore lists name the file and line",
        arguments: [
            (
                "vulnerabilities:\n  ignore:\n    - id: CVE-1\n      until: 2026-01-01\n",
                "line 3: the ignore entry for CVE-1 needs a reason"
            ),
            ("vulnerabilities:\n  ignore:\n    - id: CVE-1\n      reason: r\n", "needs 'until: YYYY-MM-DD'"),
            (
                "vulnerabilities:\n  ignore:\n    - id: CVE-1\n      reason: r\n      until: 2026-02-30\n",
                "line 5: 'until' of CVE-1 is not a date"
            ),
            (
                "vulnerabilities:\n  ignore:\n    - id: CVE-1\n      reason: r\n      until: 2026-01-01\n      by: me\n",
                "line 6: unknown key 'by'"
            ),
            ("vulnerabilities:\n  ignored: []\n", "line 2: unknown key 'ignored' in 'vulnerabilities'"),
            (
                "vulnerabilities:\n  " + String(repeating: "k", count: 5_000) + ": []\n",
                "line 2: unknown key '" + String(repeating: "k", count: 40) + "…' in 'vulnerabilities'"
            ),
            ("vulnerabilities:\n  ignore: CVE-1\n", "'ignore' must be a list"),
            ("vulnerabilities: [\n", "not valid YAML"),
        ])
    func badIgnores(text: String, message: String) throws {
        do {
            _ = try IgnoreList.parse(text, file: "cfg.yml")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains("cfg.yml") && error.description.contains(message), "\(error)")
        }
    }

    @Test("baseline: unchanged and new by id and package (any version), fixed ones listed; only new ones fail")
    func baseline() throws {
        let matches = try Self.matches()
        var report = ScanReport(matches: matches, packagesChecked: 2, databaseSummary: "test", toolVersion: "0.0.0")
        let earlier = ScanReport(
            matches: [matches[0]], packagesChecked: 1, databaseSummary: "test", toolVersion: "0.0.0")
        // An earlier scan's JSON report, urllib3 at another version, plus a vulnerability since fixed.
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(earlier.json.rendered().utf8)) as? [String: Any])
        var findings = try #require(object["findings"] as? [[String: Any]])
        var vulnerability = try #require(findings[0]["vulnerability"] as? [String: Any])
        vulnerability["installedVersion"] = "1.26.5"
        findings[0]["vulnerability"] = vulnerability
        findings.append([
            "rule": "CVE-2020-1",
            "vulnerability": [
                "id": "CVE-2020-1", "aliases": [String](), "ecosystem": "PyPI", "package": "rack",
                "installedVersion": "1.0",
            ],
        ])
        object["findings"] = findings
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let baseline = try Baseline(report: Array(json.utf8), file: "before.json")
        report.baseline = baseline
        #expect(matches.map(baseline.isNew) == [false, true])
        #expect(report.fixedSinceBaseline.map(\.package) == ["rack"])
        // PYSEC-2099-1 is unknown severity-wise (CVSS 6.1 medium): new, so medium fails; CVE-2023-43804 is old.
        #expect(report.fails(.medium))
        report.matches = [matches[0]]
        #expect(!report.fails(.low))
        #expect(throws: DatabaseError.self) { try Baseline(report: Array(#"{"packages": []}"#.utf8), file: "x.json") }
    }
}
