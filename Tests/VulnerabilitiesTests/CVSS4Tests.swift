import Foundation
import TestSupport
import Testing

@testable import Vulnerabilities

/// CVSS v4.0 scores: vectors with published scores, every malformed form refused, and thousands of random vectors
/// (base, threat, environmental, supplemental metrics) scored the same as the `cvss` package (RedTeam Pentesting's
/// independent Python implementation, scripts/python-requirements.txt).
@Suite("CVSS v4.0 scoring")
struct CVSS4Tests {
    /// Scores published with the vectors: the specification's calculator (FIRST), the NVD (VulDB's CNA vector with
    /// every optional metric undefined), and the two ends of the scale.
    static let published: [(String, Double)] = [
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9),
        (
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/"
                + "MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X", 5.3
        ),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0),
    ]

    @Test("published scores", arguments: published)
    func publishedScores(_ vector: String, _ score: Double) throws {
        #expect(try CVSS4Vector(vector).baseScore == score)
    }

    @Test(
        "malformed vectors are refused",
        arguments: [
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:4.0",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AV:L",
            "CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/XX:Y",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/", "cvss:4.0/AV:N",
        ])
    func malformed(_ vector: String) {
        #expect(throws: RecordError.self) { try CVSS4Vector(vector) }
    }

    @Test("a record with only a v4.0 vector is scored from it; a v3.1 one keeps its v3.1 score")
    func severityChoice() throws {
        let v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
        let v3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"
        func advisory(_ severities: [(String, String)]) throws -> Advisory {
            let list = severities.map { "{\"type\": \"\($0.0)\", \"score\": \"\($0.1)\"}" }.joined(separator: ", ")
            let text = """
                {"id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-01T00:00:00Z", "severity": [\(list)],
                 "affected": [{"package": {"ecosystem": "PyPI", "name": "x"}, "versions": ["1"]}]}
                """
            return try Advisory(try JSONParser.parse(Array(text.utf8)))
        }
        let only4 = try advisory([("CVSS_V4", v4)])
        let result4 = Matcher.severity(only4, only4.affected[0])
        #expect(result4.score == 9.3 && result4.severity == .critical && result4.vector == v4)
        let both = try advisory([("CVSS_V4", v4), ("CVSS_V3", v3)])
        let result3 = Matcher.severity(both, both.affected[0])
        #expect(result3.score == 7.5 && result3.vector == v3)
    }

    static func macroVector(_ vector: String) -> String {
        var metrics: [String: String] = [:]
        for part in vector.split(separator: "/").dropFirst() {
            let pair = part.split(separator: ":").map(String.init)
            metrics[pair[0]] = pair[1]
        }
        return CVSS4Vector.key(
            CVSS4Vector.macroVector { name in
                name.hasPrefix("MS") && name.count == 3 ? (metrics[name] ?? "X") : CVSS4Vector.effective(metrics, name)
            })
    }

    /// Random vectors from a fixed seed: every metric, optional ones present or not, `X` included.
    static func randomVectors(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let order = [
            "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA", "E", "CR", "IR", "AR", "MAV", "MAC",
            "MAT", "MPR", "MUI", "MVC", "MVI", "MVA", "MSC", "MSI", "MSA", "S", "AU", "R", "V", "RE", "U",
        ]
        var out: [String] = []
        for _ in 0..<count {
            var parts = ["CVSS:4.0"]
            for name in order {
                let values = (CVSS4Vector.values[name] ?? []).sorted()
                let optional = !CVSS4Vector.baseMetrics.contains(name)
                // Optional metrics appear in about half the vectors, and then each in about half again.
                if optional && (next(2) == 0 || next(2) == 0) { continue }
                parts.append("\(name):\(values[next(values.count)])")
            }
            out.append(parts.joined(separator: "/"))
        }
        return out
    }

    @Test(
        "2,000 random vectors score as the independent cvss package scores them",
        .enabled(
            if: Requirement.met(testPython.map { ReferenceTools.pythonHas("cvss", python: $0) } ?? false),
            "needs the cvss package in SHIPSHAPE_TEST_PYTHON (scripts/python-requirements.txt)"))
    func againstReference() throws {
        let python = try #require(testPython)
        let vectors = Self.randomVectors(count: 2_000, seed: 0x5EED_C0DE) + Self.published.map(\.0)
        let directory = try TestFiles.scratchDirectory("cvss4")
        let input = directory + "/vectors.txt"
        try vectors.joined(separator: "\n").write(toFile: input, atomically: false, encoding: .utf8)
        let script = """
            import sys, cvss
            for line in open(sys.argv[1]):
                print(cvss.CVSS4(line.strip()).base_score)
            """
        let result = try TestProcess.run(python, ["-c", script, input])
        try #require(result.succeeded, "\(result.stderr)")
        let theirs = result.stdout.split(separator: "\n").map { Double($0) }
        try #require(theirs.count == vectors.count)
        var differences: [String] = []
        for (vector, reference) in zip(vectors, theirs) {
            let ours = try CVSS4Vector(vector).baseScore
            if ours != reference { differences.append("\(vector): ours \(ours), cvss \(reference ?? -1)") }
        }
        #expect(differences.isEmpty, "\(differences.count) differ, e.g. \(differences.prefix(5))")
        // The sample reaches many of the table's 270 MacroVectors (164 with 5,000 vectors).
        let macros = Set(vectors.map(Self.macroVector))
        #expect(macros.count > 100, "\(macros.count) MacroVectors reached")
    }
}
