import DockerfileSyntax
import Findings

/// Lints Dockerfiles: parses, runs every enabled rule, applies the configuration and suppression comments, and
/// returns the findings in file order.
public struct Linter: Sendable {
    public var rules: [any Rule]

    /// Largest Dockerfile linted, in bytes: 100 times the largest real ones seen; larger input is refused before
    /// it is read (a hostile pull request should not take the CI job's memory).
    public static let maxDockerfileSize = 4 << 20

    public init(rules: [any Rule] = RuleRegistry.all) {
        self.rules = rules
    }

    /// The findings for one Dockerfile's `text`, reported against `path`.
    public func lint(
        _ text: String, path: String, configuration: Configuration = Configuration(),
        buildContext: (any BuildContextProbe)? = nil
    ) -> [Finding] {
        let source = SourceText(text)
        let model = DockerfileModel(parsing: text)
        let context = LintContext(
            path: path, source: source, dockerfile: model, configuration: configuration, buildContext: buildContext)
        return lint(context)
    }

    /// The findings for a prepared context.
    public func lint(_ context: LintContext) -> [Finding] {
        let suppressions = Suppressions(source: context.source, hadolint: RuleRegistry.hadolintMapping)
        let checks = BuildCheckDirectives(source: context.source, dockerfile: context.dockerfile)
        let starts = context.dockerfile.instructions.map { ($0.range.line, $0.range.endLine) }
        var findings: [Finding] = []
        for rule in rules {
            let descriptor = rule.descriptor
            if context.configuration.isDisabled(descriptor) { continue }
            let severity = context.configuration.severity(of: descriptor)
            for var finding in rule.check(context) {
                finding.severity = severity
                let start = finding.range.flatMap { Linter.instructionStart(containing: $0.line, in: starts) }
                if suppressions.suppresses(finding, instructionStart: start) { continue }
                // BuildKit's `# check=` directives, for the rules that match one of its checks.
                if let check = type(of: rule).buildkitCheck(of: finding) {
                    if checks.skips(check, instructionStart: start) { continue }
                    if checks.errorOnWarn { finding.severity = .error }
                }
                findings.append(finding)
            }
        }
        return findings.sorted(by: Linter.fileOrder)
    }

    /// The first line of the instruction spanning `line`, from the instructions' (first, last) lines in file order.
    /// A binary search: instructions do not overlap, so only the last one starting at or before `line` can hold
    /// it (a scan per finding was quadratic on large Dockerfiles, issue 18 row 5).
    static func instructionStart(containing line: Int, in starts: [(Int, Int)]) -> Int? {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle].0 <= line { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let (first, last) = starts[low - 1]
        return line <= max(first, last) ? first : nil
    }

    /// Parses and lints several Dockerfiles, `width` at a time; the results are in the order of `inputs`, the
    /// same as linting them one after the other. Each file's findings depend on that file alone (and the files
    /// beside it that rules read, such as `.dockerignore`), never on the other inputs.
    public func lint(_ inputs: [LintInput], width: Int) async -> [(summary: LintSummary, findings: [Finding])] {
        var results: [(summary: LintSummary, findings: [Finding])?] = Array(repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, LintSummary, [Finding]).self) { group in
            var next = 0
            while next < inputs.count {
                if next >= max(1, width), let (index, summary, findings) = await group.next() {
                    results[index] = (summary, findings)
                }
                let index = next
                let input = inputs[index]
                group.addTask {
                    let context = LintContext(
                        path: input.path, source: SourceText(input.text),
                        dockerfile: DockerfileModel(parsing: input.text), configuration: input.configuration,
                        buildContext: input.buildContext)
                    return (index, LintSummary(context), lint(context))
                }
                next += 1
            }
            for await (index, summary, findings) in group {
                results[index] = (summary, findings)
            }
        }
        return results.compactMap { $0 }
    }

    /// File, line, column, then rule id (then message).
    public static func fileOrder(_ a: Finding, _ b: Finding) -> Bool {
        let fileA = a.file ?? ""
        let fileB = b.file ?? ""
        if fileA != fileB { return fileA < fileB }
        let lineA = a.range?.line ?? 0
        let lineB = b.range?.line ?? 0
        if lineA != lineB { return lineA < lineB }
        let columnA = a.range?.column ?? 0
        let columnB = b.range?.column ?? 0
        if columnA != columnB { return columnA < columnB }
        if a.rule != b.rule { return a.rule < b.rule }
        return a.message < b.message
    }
}

/// One Dockerfile to lint: its text, the path to report, its configuration and build context.
public struct LintInput: Sendable {
    public var text: String
    public var path: String
    public var configuration: Configuration
    public var buildContext: (any BuildContextProbe)?

    public init(
        text: String, path: String, configuration: Configuration = Configuration(),
        buildContext: (any BuildContextProbe)? = nil
    ) {
        self.text = text
        self.path = path
        self.configuration = configuration
        self.buildContext = buildContext
    }
}

/// What the caller keeps of one linted Dockerfile once its context is dropped: its path and configuration.
public struct LintSummary: Sendable {
    public var path: String
    public var configuration: Configuration

    public init(_ context: LintContext) {
        path = context.path
        configuration = context.configuration
    }
}
