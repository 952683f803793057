import Findings
import Testing

@Suite("Severity and thresholds")
struct SeverityTests {
    @Test("severities are ordered info < warning < error")
    func ordering() {
        #expect(Severity.info < .warning)
        #expect(Severity.warning < .error)
        #expect(Severity.allCases.sorted() == [.info, .warning, .error])
    }

    @Test(
        "the failure threshold fails findings at or above it",
        arguments: [
            (FailureThreshold.error, Severity.error, true), (.error, .warning, false),
            (.warning, .warning, true), (.warning, .info, false), (.info, .info, true), (.none, .error, false),
        ])
    func threshold(threshold: FailureThreshold, severity: Severity, fails: Bool) {
        #expect(threshold.fails(severity) == fails)
    }

    @Test("practice ids are the ones PRODUCT.md lists")
    func practiceIds() {
        #expect(
            Practice.allCases.map(\.rawValue) == [
                "one-app", "pid1", "build-cache", "no-tools", "minimal-content", "fs-security", "small-base",
                "layer-waste", "shared-layers", "vulnerabilities", "tagging", "public-images", "secrets", "correctness",
            ])
    }
}
