/// A Semantic Versioning 2.0.0 version (npm, crates.io, NuGet-like and OSV's `SEMVER` ranges). A leading `v` is
/// accepted, as OSV's SEMVER type and npm accept it, and missing minor or patch numbers are read as zero.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Numeral
    public let minor: Numeral
    public let patch: Numeral
    /// Empty for a release.
    let prerelease: [Identifier]
    public let description: String

    enum Identifier: Hashable, Comparable {
        // "Numeric identifiers always have lower precedence than non-numeric identifiers."
        case numeric(Numeral)
        case text([UInt8])

        static func < (lhs: Identifier, rhs: Identifier) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)): a < b
            case (.numeric, .text): true
            case (.text, .numeric): false
            // "identifiers with letters or hyphens are compared lexically in ASCII sort order"
            case (.text(let a), .text(let b)): a.lexicographicallyPrecedes(b)
            }
        }
    }

    public init(_ string: String) throws(VersionError) {
        try self.init(string, scheme: "SemVer")
    }

    init(_ string: String, scheme: String) throws(VersionError) {
        description = string
        func invalid(_ reason: String) -> VersionError { VersionError(scheme: scheme, version: string, reason: reason) }
        var bytes = Array(string.trimmingBlanks.utf8)
        if bytes.first == UInt8(ascii: "v") || bytes.first == UInt8(ascii: "V") { bytes.removeFirst() }
        // "Build metadata MUST be ignored when determining version precedence."
        if let plus = bytes.firstIndex(of: UInt8(ascii: "+")) {
            let build = bytes[(plus + 1)...]
            if build.isEmpty { throw invalid("the build metadata after '+' is empty") }
            bytes.removeSubrange(plus...)
        }
        var pre: ArraySlice<UInt8> = []
        if let hyphen = bytes.firstIndex(of: UInt8(ascii: "-")) {
            pre = bytes[(hyphen + 1)...]
            if pre.isEmpty { throw invalid("the pre-release after '-' is empty") }
            bytes.removeSubrange(hyphen...)
        }
        // "A normal version number MUST take the form X.Y.Z where X, Y, and Z are non-negative integers". Like
        // OSV's own SemVer reading, components after the third count as build metadata (ignored).
        let core = Array(bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).prefix(3))
        guard core.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw invalid("it does not start with MAJOR.MINOR.PATCH numbers")
        }
        major = Numeral(core[0])
        minor = core.count > 1 ? Numeral(core[1]) : .zero
        patch = core.count > 2 ? Numeral(core[2]) : .zero
        // "Identifiers MUST comprise only ASCII alphanumerics and hyphens [0-9A-Za-z-]. Identifiers MUST NOT be
        // empty."
        var identifiers: [Identifier] = []
        if !pre.isEmpty {
            for part in pre.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                if part.isEmpty { throw invalid("a pre-release identifier is empty") }
                if !part.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") }) {
                    throw invalid("a pre-release identifier has a character outside [0-9A-Za-z-]")
                }
                identifiers.append(part.allSatisfy(\.isASCIIDigit) ? .numeric(Numeral(part)) : .text(Array(part)))
            }
        }
        prerelease = identifiers
    }

    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.prerelease == rhs.prerelease
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// "Precedence is determined by the first difference when comparing each of these identifiers from left to
    /// right as follows: Major, minor, and patch versions are always compared numerically. ... When major, minor,
    /// and patch are equal, a pre-release version has lower precedence than a normal version. ... A larger set of
    /// pre-release fields has a higher precedence than a smaller set, if all of the preceding identifiers are
    /// equal."
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty }
        return lhs.prerelease.lexicographicallyPrecedes(rhs.prerelease)
    }
}
