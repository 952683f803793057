import Foundation
import TestSupport
import Testing

@testable import ImageAnalysis

@Suite("Image check documentation")
struct ImageRulesDocsTests {
    @Test("docs/image-checks.md is generated from ImageRules.all (SHIPSHAPE_RECORD=1 rewrites it)")
    func docsCurrent() throws {
        let path = TestFiles.packageRoot.appendingPathComponent("docs/image-checks.md")
        let generated = ImageRules.markdown()
        if ProcessInfo.processInfo.environment["SHIPSHAPE_RECORD"] != nil {
            try generated.write(to: path, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOf: path, encoding: .utf8)
        #expect(
            current == generated,
            "docs/image-checks.md is stale: run SHIPSHAPE_RECORD=1 swift test --filter ImageRulesDocs")
        #expect(generated.contains("[rules.md](rules.md)"), "docs/image-checks.md links the Dockerfile rules")
        for rule in ImageRules.all {
            #expect(generated.contains("### \(rule.id) \(rule.name)\n"), "\(rule.id) is not documented")
        }
    }

    @Test("a check is found by id in any case and by name; unknown names are nil")
    func lookup() {
        #expect(ImageRules.rule(named: "SS1010")?.name == "executable-missing")
        #expect(ImageRules.rule(named: "ss1010")?.name == "executable-missing")
        #expect(ImageRules.rule(named: "executable-missing")?.id == "SS1010")
        #expect(ImageRules.rule(named: "SS0001") == nil)
        #expect(ImageRules.rule(named: "no-such-check") == nil)
    }
}
