import Findings
import Foundation
import TestSupport
import Testing

@testable import Lint

/// ../shared/corpus/dockerfiles: 825 real Dockerfiles from public projects, beside the package.
let corpusDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/dockerfiles")

@Suite("Shared corpus")
struct CorpusTests {
    @Test(
        "every corpus Dockerfile lints without a crash, within a generous time bound",
        .enabled(
            if: Requirement.met(FileManager.default.fileExists(atPath: corpusDirectory.path)),
            "../shared/corpus is absent"))
    func corpus() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: corpusDirectory.path))
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = corpusDirectory.appendingPathComponent(next).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        #expect(files.count >= 800)
        let linter = Linter()
        let clock = ContinuousClock()
        var total = 0
        var bySeverity: [Severity: Int] = [:]
        let elapsed = try clock.measure {
            for path in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let findings = linter.lint(String(decoding: data, as: UTF8.self), path: path)
                total += findings.count
                for finding in findings {
                    bySeverity[finding.severity, default: 0] += 1
                    #expect(finding.range.map { $0.line >= 1 && $0.column >= 1 } == true, "\(path): \(finding.rule)")
                }
            }
        }
        #expect(total > 0)
        // Generous: the benchmark (bench/lint.sh) holds the real speed target.
        #expect(elapsed < .seconds(120), "linting the corpus took \(elapsed)")
    }
}
