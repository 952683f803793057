import Findings
import ImageAnalysis
import ImageFormat
import Testing

/// Issue 18 row 9: credentials Docker records in the history (build arguments) are reported under `secrets` and
/// never shown, in any output.
@Suite("Secrets in the image history")
struct HistorySecretsTests {
    static let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let password = "correct-horse-battery"
    static let token = "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
    static let history = [
        "ADD rootfs.tar / # base",
        "|3 AWS_SECRET_ACCESS_KEY=\(key) DB_PASSWORD=\(password) VERSION=1.2 /bin/sh -c make",
        "RUN |1 GH=\(token) /bin/sh -c rm -rf /tmp/cache",
    ]

    @Test("build arguments that look like credentials are masked; the others are kept")
    func redact() {
        let (text, hits) = HistorySecrets.redact(Self.history[1], entry: 1)
        #expect(text == "|3 AWS_SECRET_ACCESS_KEY=<redacted> DB_PASSWORD=<redacted> VERSION=1.2 /bin/sh -c make")
        #expect(hits.map(\.name) == ["AWS_SECRET_ACCESS_KEY", "DB_PASSWORD"])
        #expect(hits.allSatisfy { $0.buildArgument && $0.entry == 1 })
        #expect(HistorySecrets.redact("/bin/sh -c make VERSION=1 PASSWORD_FILE=/run/secrets/x").1.isEmpty)
    }

    @Test("reported under secrets, and in no output: text, JSON, SARIF")
    func everyOutput() async throws {
        let layers: [[Layer.Item]] = [
            [staticApp, Layer.file("tmp/cache/big", 5000)], [Layer.whiteout("tmp/cache")], [Layer.file("x", 1)],
        ]
        let report = try await analyze(layers, history: Self.history)
        let found = report.findings.filter { $0.rule == ImageRules.historySecret.id }
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.practice == .secrets })
        #expect(
            found.first?.message
                == "history entry 1 records a secret in build argument 'AWS_SECRET_ACCESS_KEY' (value not shown)")
        let sarif = Report(findings: report.findings, rules: ImageRules.all, toolVersion: "test")
        let outputs = [
            report.text(color: false), report.json.rendered(), sarif.rendered(as: .sarif),
            sarif.rendered(as: .json), sarif.rendered(as: .github),
        ]
        for output in outputs {
            #expect(!output.contains(Self.key) && !output.contains(Self.key.prefix(20)))
            #expect(!output.contains(Self.password))
            #expect(!output.contains(Self.token) && !output.contains(Self.token.prefix(12)))
        }
        #expect(report.json.rendered().contains("AWS_SECRET_ACCESS_KEY=<redacted>"))
        #expect(report.layers[2].createdBy == "RUN |1 GH=<redacted> /bin/sh -c rm -rf /tmp/cache")
    }
}
