import DockerfileSyntax
import Findings

/// Lints Dockerfiles: parses, runs every enabled rule, applies the configuration and suppression comments, and
/// returns the findings in file order.
public struct Linter: Sendable {
    public var rules: [any Rule]

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
        let starts = context.dockerfile.instructions.map { ($0.range.line, $0.range.endLine) }
        var findings: [Finding] = []
        for rule in rules {
            let descriptor = rule.descriptor
            if context.configuration.isDisabled(descriptor) { continue }
            let severity = context.configuration.severity(of: descriptor)
            for var finding in rule.check(context) {
                finding.severity = severity
                let start = finding.range.flatMap { range in
                    starts.last { $0.0 <= range.line && range.line <= max($0.0, $0.1) }?.0
                }
                if suppressions.suppresses(finding, instructionStart: start) { continue }
                findings.append(finding)
            }
        }
        return findings.sorted(by: Linter.fileOrder)
    }

    /// Parses and lints several Dockerfiles, `width` at a time; the results are in the order of `inputs`, the
    /// same as linting them one after the other.
    public func lint(_ inputs: [LintInput], width: Int) async -> [(context: LintContext, findings: [Finding])] {
        var results: [(context: LintContext, findings: [Finding])?] = Array(repeating: nil, count: inputs.count)
        await withTaskGroup(of: (Int, LintContext, [Finding]).self) { group in
            var next = 0
            while next < inputs.count {
                if next >= max(1, width), let (index, context, findings) = await group.next() {
                    results[index] = (context, findings)
                }
                let index = next
                let input = inputs[index]
                group.addTask {
                    let context = LintContext(
                        path: input.path, source: SourceText(input.text),
                        dockerfile: DockerfileModel(parsing: input.text), configuration: input.configuration,
                        buildContext: input.buildContext)
                    return (index, context, lint(context))
                }
                next += 1
            }
            for await (index, context, findings) in group {
                results[index] = (context, findings)
            }
        }
        return results.compactMap { $0 }
    }

    /// Findings that need several Dockerfiles at once (linted together): different tags of one base image.
    public func crossFileFindings(_ contexts: [LintContext]) -> [Finding] {
        guard rules.contains(where: { $0.descriptor.id == MixedBaseTags.descriptor.id }) else { return [] }
        let suppressed = contexts.filter { context in
            context.configuration.isDisabled(MixedBaseTags.descriptor)
        }.map(\.path)
        return MixedBaseTags.acrossFiles(contexts).filter { finding in
            !suppressed.contains(finding.file ?? "")
        }.map { finding in
            var finding = finding
            if let context = contexts.first(where: { $0.path == finding.file }) {
                finding.severity = context.configuration.severity(of: MixedBaseTags.descriptor)
            }
            return finding
        }
    }

    /// File, line, column, then rule id.
    public static func fileOrder(_ a: Finding, _ b: Finding) -> Bool {
        let left = (a.file ?? "", a.range?.line ?? 0, a.range?.column ?? 0, a.rule, a.message)
        let right = (b.file ?? "", b.range?.line ?? 0, b.range?.column ?? 0, b.rule, b.message)
        if left.0 != right.0 { return left.0 < right.0 }
        if left.1 != right.1 { return left.1 < right.1 }
        if left.2 != right.2 { return left.2 < right.2 }
        if left.3 != right.3 { return left.3 < right.3 }
        return left.4 < right.4
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
