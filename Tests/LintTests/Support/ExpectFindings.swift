import Findings
import Testing

@testable import Lint

/// A Dockerfile with marker lines: a line like `    ^ SS0012` marks a finding of rule SS0012 expected at the
/// caret's column on the line above it (the nearest line that is not a marker). Marker lines are removed before
/// linting, so line numbers are those of the clean Dockerfile.
struct AnnotatedDockerfile {
    var text: String
    var expected: [Expected]

    struct Expected: Hashable, Comparable, CustomStringConvertible {
        var rule: String
        var line: Int
        var column: Int

        static func < (a: Expected, b: Expected) -> Bool {
            (a.line, a.column, a.rule) < (b.line, b.column, b.rule)
        }

        var description: String { "\(rule)@\(line):\(column)" }
    }

    init(_ annotated: String) {
        var lines: [String] = []
        var expected: [Expected] = []
        for raw in annotated.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("^ SS") {
                let column = line.count - trimmed.count + 1
                for rule in trimmed.dropFirst(2).split(separator: " ") {
                    expected.append(Expected(rule: String(rule), line: lines.count, column: column))
                }
            } else {
                lines.append(line)
            }
        }
        self.text = lines.joined(separator: "\n") + "\n"
        self.expected = expected.sorted()
    }
}

/// Lints the annotated Dockerfile with `rule` alone and expects exactly the marked findings (rule, line, column).
@discardableResult
func expectFindings(
    _ rule: some Rule, _ annotated: String, configuration: Configuration = Configuration(),
    buildContext: (any BuildContextProbe)? = nil, sourceLocation: SourceLocation = #_sourceLocation
) -> [Finding] {
    let dockerfile = AnnotatedDockerfile(annotated)
    let findings = Linter(rules: [rule]).lint(
        dockerfile.text, path: "Dockerfile", configuration: configuration, buildContext: buildContext)
    let actual = findings.map {
        AnnotatedDockerfile.Expected(rule: $0.rule, line: $0.range?.line ?? 0, column: $0.range?.column ?? 0)
    }.sorted()
    #expect(
        actual == dockerfile.expected,
        "findings: \(findings.map { "\($0.rule)@\($0.range?.line ?? 0):\($0.range?.column ?? 0) \($0.message)" })",
        sourceLocation: sourceLocation)
    return findings
}

/// A build context held in memory, for rules that read files beside the Dockerfile.
struct MemoryContext: BuildContextProbe {
    var files: [String: String]

    func fileExists(_ relativePath: String) -> Bool { files[normalize(relativePath)] != nil }
    func readFile(_ relativePath: String) -> String? { files[normalize(relativePath)] }

    private func normalize(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        if path.hasPrefix("/") { path.removeFirst() }
        return path
    }
}
