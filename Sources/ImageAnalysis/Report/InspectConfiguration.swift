import Findings
import YAML

/// `inspect` settings from a configuration file (`--config`): YAML (or JSON), at the top level or under an
/// `inspect:` key, so it can share a `.shipshape.yml` with `lint`.
///
/// ```yaml
/// inspect:
///   maxWaste: 10%                       # bytes (50MB) or a percentage of the stored content
///   trustedRegistries: [registry.example.com, ghcr.io]
///   disable: [SS1092]
/// ```
public struct InspectConfiguration: Sendable, Hashable {
    public var maxWaste: WasteThreshold?
    public var trustedRegistries: [String]?
    public var disabledRules: Set<String> = []

    public init() {}

    /// Parses the text of a configuration file; `file` names it in errors.
    public init(yaml text: String, file: String) throws(AnalysisError) {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(text)
        } catch {
            throw .invalidConfiguration(file, reason: "not valid YAML: \(error)")
        }
        if let root, root.mapping == nil {
            throw .invalidConfiguration(file, reason: "expected a mapping at the top level")
        }
        let section = root.flatMap { $0["inspect"]?.mapping == nil ? $0 : $0["inspect"] }
        if let value = section?["maxWaste"] {
            maxWaste = try WasteThreshold(parsing: value.scalar ?? value.jsonText())
        }
        if let value = section?["trustedRegistries"] {
            guard let list = value.sequence else {
                throw .invalidConfiguration(file, reason: "trustedRegistries must be a list of registry host names")
            }
            trustedRegistries = list.map { $0.scalar ?? $0.jsonText() }
        }
        if let value = section?["disable"] {
            guard let list = value.sequence else {
                throw .invalidConfiguration(file, reason: "disable must be a list of rule ids such as SS1092")
            }
            // Lint's rules (SS0xxx) may share the list in a top-level `disable:`; only image rules are checked.
            for item in list.map({ $0.scalar ?? $0.jsonText() }) where !item.hasPrefix("SS0") {
                guard ImageRules.rule(id: item) != nil else {
                    throw .invalidConfiguration(
                        file, reason: "unknown image rule '\(TerminalText.excerpt(item))' in disable")
                }
                disabledRules.insert(item)
            }
        }
    }
}
