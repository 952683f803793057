import Findings
import Testing

@testable import Lint

/// Issue 18 row 5: linting is linear in the Dockerfile, findings included.
@Suite("Large Dockerfiles")
struct LargeDockerfileTests {
    @Test("20,000 RUN lines with three findings each lint in bounded time (quadratic before: about 110 s)")
    func manyFindings() {
        var text = "FROM ubuntu\n"
        for index in 0..<20_000 { text += "RUN apt-get install -y curl\(index) && cd /tmp && sudo make\n" }
        let clock = ContinuousClock()
        var findings: [Finding] = []
        let elapsed = clock.measure { findings = Linter().lint(text, path: "Dockerfile") }
        #expect(elapsed < .seconds(60))
        #expect(findings.count > 60_000)
        #expect(findings.filter { $0.name == "apt-no-install-recommends" }.count == 20_000)
    }

    @Test("the instruction holding a line is found by binary search")
    func instructionStart() {
        let starts = [(1, 1), (2, 4), (7, 7)]
        #expect(Linter.instructionStart(containing: 1, in: starts) == 1)
        #expect(Linter.instructionStart(containing: 3, in: starts) == 2)
        #expect(Linter.instructionStart(containing: 5, in: starts) == nil)
        #expect(Linter.instructionStart(containing: 7, in: starts) == 7)
        #expect(Linter.instructionStart(containing: 9, in: starts) == nil)
        #expect(Linter.instructionStart(containing: 0, in: starts) == nil)
        #expect(Linter.instructionStart(containing: 3, in: []) == nil)
    }
}
