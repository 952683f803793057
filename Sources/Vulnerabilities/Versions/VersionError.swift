/// A version string that its scheme's specification does not allow.
public struct VersionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scheme's name, as `VersionScheme.rawValue`.
    public var scheme: String
    public var version: String
    public var reason: String

    public init(scheme: String, version: String, reason: String) {
        self.scheme = scheme
        self.version = version
        self.reason = reason
    }

    public var description: String { "'\(version)' is not a valid \(scheme) version: \(reason)" }
}
