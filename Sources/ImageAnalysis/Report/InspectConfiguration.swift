import Yams

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
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw .invalidConfiguration(file, reason: "not valid YAML: \(error)")
        }
        guard let root = node as? [String: Any] ?? (node == nil ? [:] : nil) else {
            throw .invalidConfiguration(file, reason: "expected a mapping at the top level")
        }
        let section = (root["inspect"] as? [String: Any]) ?? root
        if let value = section["maxWaste"] {
            maxWaste = try WasteThreshold(parsing: "\(value)")
        }
        if let value = section["trustedRegistries"] {
            guard let list = value as? [Any] else {
                throw .invalidConfiguration(file, reason: "trustedRegistries must be a list of registry host names")
            }
            trustedRegistries = list.map { "\($0)" }
        }
        if let value = section["disable"] {
            guard let list = value as? [Any] else {
                throw .invalidConfiguration(file, reason: "disable must be a list of rule ids such as SS1092")
            }
            // Lint's rules (SS0xxx) may share the list in a top-level `disable:`; only image rules are checked.
            for item in list.map({ "\($0)" }) where !item.hasPrefix("SS0") {
                guard ImageRules.rule(id: item) != nil else {
                    throw .invalidConfiguration(file, reason: "unknown image rule '\(item)' in disable")
                }
                disabledRules.insert(item)
            }
        }
    }
}
