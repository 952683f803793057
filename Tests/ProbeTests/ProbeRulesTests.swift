import Findings
import Foundation
import TestSupport
import Testing

@testable import Probe

/// The probe's findings are in the one catalog `rules`, `explain` and the generated page read.
@Suite("probe: the rules registry")
struct ProbeRulesTests {
    @Test("docs/probe-checks.md is generated from ProbeRules.all (SHIPSHAPE_RECORD=1 rewrites it)")
    func docsCurrent() throws {
        let path = TestFiles.packageRoot.appendingPathComponent("docs/probe-checks.md")
        let generated = ProbeRules.markdown()
        if ProcessInfo.processInfo.environment["SHIPSHAPE_RECORD"] != nil {
            try generated.write(to: path, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOf: path, encoding: .utf8)
        #expect(
            current == generated, "docs/probe-checks.md is stale: run SHIPSHAPE_RECORD=1 swift test --filter ProbeRules"
        )
        for rule in ProbeRules.all {
            #expect(generated.contains("### \(rule.id) \(rule.name)\n"), "\(rule.id) is not documented")
            #expect(rule.id.hasPrefix("SS2") && rule.id.count == 6)
            #expect(!rule.summary.isEmpty && rule.documentation.count > rule.summary.count)
        }
        #expect(Set(ProbeRules.all.map(\.id)).count == ProbeRules.all.count)
    }

    @Test("a finding is found by id in any case and by name; other ids are not the probe's")
    func lookup() {
        #expect(ProbeRules.rule(named: "SS2001")?.name == "stop-signal-ignored")
        #expect(ProbeRules.rule(named: "ss2002")?.name == "zombies-not-reaped")
        #expect(ProbeRules.rule(named: "several-programs")?.id == "SS2003")
        #expect(ProbeRules.rule(id: "SS2010")?.practice == .correctness)
        #expect(ProbeRules.rule(named: "SS1010") == nil)
        #expect(ProbeRules.rule(named: "no-such-finding") == nil)
    }

    @Test(
        "`shipshape rules` lists every probe finding with kind probe, and --kind probe only those",
        .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"))
    func rulesCommand() throws {
        let all = try TestProcess.run(TestFiles.shipshape.path, ["rules"])
        #expect(all.status == 0)
        for rule in ProbeRules.all {
            let row = all.stdout.split(separator: "\n").first { $0.hasPrefix(rule.id + " ") }.map(String.init) ?? ""
            #expect(row.contains(rule.name) && row.contains(rule.practice.rawValue) && row.hasSuffix("probe"), "\(row)")
        }
        #expect(all.stdout.contains(", \(ProbeRules.all.count) probe)"))

        let probe = try TestProcess.run(TestFiles.shipshape.path, ["rules", "--kind", "probe", "--format", "json"])
        #expect(probe.status == 0)
        let object = try JSONSerialization.jsonObject(with: probe.stdoutData) as? [String: Any]
        let rows = try #require(object?["rules"] as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? String } == ProbeRules.all.map(\.id))
        #expect(rows.allSatisfy { $0["kind"] as? String == "probe" })

        let pid1 = try TestProcess.run(TestFiles.shipshape.path, ["rules", "--kind", "probe", "--practice", "pid1"])
        #expect(pid1.stdout.contains("SS2001") && pid1.stdout.contains("SS2002") && !pid1.stdout.contains("SS2003"))

        let page = try TestProcess.run(TestFiles.shipshape.path, ["rules", "--kind", "probe", "--format", "markdown"])
        #expect(page.stdout == ProbeRules.markdown())
    }

    @Test(
        "`shipshape explain` explains every probe finding, by id and by name",
        .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"), arguments: ProbeRules.all)
    func explain(rule: RuleDescriptor) throws {
        for key in [rule.id, rule.id.lowercased(), rule.name] {
            let result = try TestProcess.run(TestFiles.shipshape.path, ["explain", key])
            #expect(result.status == 0, "\(key): \(result.stderr)")
            #expect(result.stdout.contains(rule.id) && result.stdout.contains(rule.name), "\(key)")
            #expect(result.stdout.contains(rule.summary), "\(key)")
            #expect(result.stdout.contains("measured by: shipshape probe"), "\(key)")
        }
    }
}
