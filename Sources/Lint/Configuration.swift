import Findings
import YAML

/// `.shipshape.yml`: what a project changes about linting.
///
/// ```yaml
/// fail-on: warning              # error | warning | info | none
/// disable: [SS0004, latest-tag] # rule ids or names
/// severity:                     # rule id or name: error | warning | info
///   missing-oci-labels: warning
/// trusted-registries: [docker.io, ghcr.io/acme]
/// allowed-base-images: [debian:bookworm-slim, "gcr.io/distroless/*"]
/// inspect: {maxWaste: 10%}      # read by `inspect --config` (InspectConfiguration)
/// vulnerabilities: {ignore: []} # read by `scan` (Vulnerabilities.IgnoreList)
/// ```
/// The sections other commands read are accepted here and left to them; everything quoted from the file in a
/// message is a short excerpt (`TerminalText.excerpt`), so a hostile 5,000-character key is not echoed whole.
public struct Configuration: Sendable, Hashable {
    /// The file it was read from, if any.
    public var path: String?
    public var failOn: FailureThreshold?
    /// Disabled rules, by id or name.
    public var disabled: Set<String>
    /// Severity overrides, by id or name.
    public var severities: [String: Severity]
    /// Registries (or registry/namespace prefixes) base images may come from; empty means "not configured".
    public var trustedRegistries: [String]
    /// Base images allowed (`name`, `name:tag`, or a `*` glob); empty means "any".
    public var allowedBaseImages: [String]
    /// The day dated knowledge (end-of-life bases) is judged against; nil: `LintToday.resolved` (the
    /// `SHIPSHAPE_TODAY` environment variable, else the clock). Set by `lint --today`, never read from the file.
    public var today: CalendarDate? = nil

    public init(
        path: String? = nil, failOn: FailureThreshold? = nil, disabled: Set<String> = [],
        severities: [String: Severity] = [:], trustedRegistries: [String] = [], allowedBaseImages: [String] = []
    ) {
        self.path = path
        self.failOn = failOn
        self.disabled = disabled
        self.severities = severities
        self.trustedRegistries = trustedRegistries
        self.allowedBaseImages = allowedBaseImages
    }

    /// The keys a configuration may have.
    public static let keys = [
        "fail-on", "disable", "severity", "trusted-registries", "allowed-base-images", "inspect", "vulnerabilities",
    ]

    /// Whether `rule` is disabled.
    public func isDisabled(_ rule: RuleDescriptor) -> Bool {
        disabled.contains(rule.id) || disabled.contains(rule.name)
    }

    /// The severity `rule` reports at.
    public func severity(of rule: RuleDescriptor) -> Severity {
        severities[rule.id] ?? severities[rule.name] ?? rule.severity
    }

    /// Parses a configuration; every problem names the file and line.
    public init(yaml: String, path: String, knownRules: [RuleDescriptor]) throws(ConfigurationError) {
        self.init(path: path)
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(yaml)
        } catch {
            throw ConfigurationError.syntax(
                path: path, line: error.line, message: "column \(error.column): \(error.message)")
        }
        guard let root else { return }  // An empty file is an empty configuration.
        guard let mapping = root.mapping else {
            throw .invalid(path: path, line: root.mark.line, message: "the configuration must be a mapping of keys")
        }
        let known = Set(knownRules.flatMap { [$0.id, $0.name] })
        for pair in mapping {
            let (keyNode, value) = (pair.key, pair.value)
            let line = keyNode.mark.line
            guard let key = keyNode.scalar else {
                throw .invalid(path: path, line: line, message: "keys must be strings")
            }
            switch key {
            case "fail-on":
                guard let text = value.scalar, let threshold = FailureThreshold(rawValue: text) else {
                    throw .invalid(
                        path: path, line: value.mark.line,
                        message: "'fail-on' must be one of error, warning, info, none")
                }
                failOn = threshold
            case "disable":
                for (name, nameLine) in try Configuration.strings(value, key: key, path: path, line: line) {
                    guard known.contains(name) else {
                        throw .invalid(
                            path: path, line: nameLine,
                            message: "unknown rule '\(TerminalText.excerpt(name))' in 'disable'")
                    }
                    disabled.insert(name)
                }
            case "severity":
                guard let entries = value.mapping else {
                    throw .invalid(
                        path: path, line: value.mark.line,
                        message: "'severity' must map rule ids or names to error, warning or info")
                }
                for entry in entries {
                    let (ruleNode, levelNode) = (entry.key, entry.value)
                    let ruleLine = ruleNode.mark.line
                    guard let rule = ruleNode.scalar, known.contains(rule) else {
                        throw .invalid(
                            path: path, line: ruleLine,
                            message: "unknown rule '\(TerminalText.excerpt(ruleNode.scalar ?? "?"))' in 'severity'")
                    }
                    guard let text = levelNode.scalar, let level = Severity(rawValue: text) else {
                        throw .invalid(
                            path: path, line: levelNode.mark.line,
                            message: "the severity of '\(rule)' must be error, warning or info")
                    }
                    severities[rule] = level
                }
            case "trusted-registries":
                trustedRegistries = try Configuration.strings(value, key: key, path: path, line: line).map(\.0)
            case "allowed-base-images":
                allowedBaseImages = try Configuration.strings(value, key: key, path: path, line: line).map(\.0)
            case "inspect":
                // `inspect --config`'s section (ImageAnalysis.InspectConfiguration reads and checks it).
                guard value.mapping != nil else {
                    throw .invalid(
                        path: path, line: value.mark.line,
                        message:
                            "'inspect' must be a mapping of inspect's settings (maxWaste, trustedRegistries, disable)")
                }
            case "vulnerabilities":
                break  // `scan`'s ignore list (Vulnerabilities.IgnoreList reads and checks it).
            default:
                throw .invalid(
                    path: path, line: line,
                    message:
                        "unknown key '\(TerminalText.excerpt(key))' (known: \(Configuration.keys.joined(separator: ", ")))"
                )
            }
        }
    }

    private static func strings(_ node: YAMLNode, key: String, path: String, line: Int?) throws(ConfigurationError)
        -> [(String, Int?)]
    {
        if let scalar = node.scalar { return [(scalar, node.mark.line)] }
        guard let sequence = node.sequence else {
            throw .invalid(path: path, line: node.mark.line, message: "'\(key)' must be a list of strings")
        }
        var result: [(String, Int?)] = []
        for item in sequence {
            guard let text = item.scalar else {
                throw .invalid(
                    path: path, line: item.mark.line, message: "'\(key)' must be a list of strings")
            }
            result.append((text, item.mark.line))
        }
        return result
    }

}

/// A `.shipshape.yml` that cannot be used. Exit code 2.
public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case syntax(path: String, line: Int?, message: String)
    case invalid(path: String, line: Int?, message: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read configuration '\(path)': \(reason)"
        case .syntax(let path, let line, let message):
            "\(path)\(line.map { ":\($0)" } ?? ""): invalid YAML: "
                + message.split(separator: "\n").map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(
                    separator: " ")
        case .invalid(let path, let line, let message):
            "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
        }
    }
}

extension Substring {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        var result = self
        while let first = result.first, predicate(first) { result = result.dropFirst() }
        return result
    }
}
