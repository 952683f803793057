/// A Go module version (the Go Modules Reference, "Versions"): "A version identifies an immutable snapshot of a
/// module ... Each version starts with the letter v, followed by a semantic version." Pseudo-versions
/// (`v0.0.0-20191109021931-daa7c04131f5`, `vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef123456`,
/// `vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef123456`) are pre-releases, so they order by SemVer precedence before the
/// release they precede; `+incompatible` is build metadata and does not change the order. OSV writes Go versions
/// without the `v` (`1.2.3`) and the toolchain as `go1.21.3` elsewhere: both spellings are accepted.
public struct GoVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    let semantic: SemanticVersion
    public var description: String { semantic.description }

    public init(_ string: String) throws(VersionError) {
        var text = string.trimmingBlanks
        if text.hasPrefix("go") { text.removeFirst(2) }
        semantic = try SemanticVersion(text, scheme: "Go")
    }

    /// Whether this is a pseudo-version: a pre-release whose last two identifiers are a 14-digit UTC time and a
    /// 12-character commit hash prefix.
    public var isPseudoVersion: Bool {
        let identifiers = semantic.prerelease
        guard identifiers.count >= 1 else { return false }
        let text = semantic.description.split(separator: "-").suffix(2)
        guard text.count == 2, let hash = text.last, hash.utf8.count == 12 else { return false }
        let time = text.first?.split(separator: ".").last ?? ""
        return time.utf8.count == 14 && time.utf8.allSatisfy(\.isASCIIDigit)
    }

    public static func < (lhs: GoVersion, rhs: GoVersion) -> Bool { lhs.semantic < rhs.semantic }
}
