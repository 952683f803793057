/// How an ecosystem orders its versions: one comparator a file in this directory, each after its specification.
public enum VersionScheme: String, Sendable, Hashable, CaseIterable {
    case debian = "Debian"
    case alpine = "Alpine"
    case rpm = "RPM"
    case pypi = "PyPI"
    case semver = "SemVer"
    case go = "Go"
    case maven = "Maven"
    case rubygems = "RubyGems"
    case packagist = "Packagist"

    /// The scheme of an OSV `ecosystem` ("Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.20", "Rocky Linux:9", "PyPI",
    /// "npm", "crates.io", "Go", "Maven", "RubyGems", "Packagist", …); nil for an ecosystem without a comparator
    /// here (its records can still match through an explicit `versions` list).
    public init?(ecosystem: String) {
        let base = ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem
        switch base {
        case "Debian", "Ubuntu": self = .debian
        case "Alpine", "Wolfi", "Chainguard": self = .alpine
        case "Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE", "Mageia", "openEuler": self = .rpm
        case "PyPI": self = .pypi
        case "npm", "crates.io", "NuGet", "Hex", "Pub", "SwiftURL": self = .semver
        case "Go": self = .go
        case "Maven": self = .maven
        case "RubyGems": self = .rubygems
        case "Packagist": self = .packagist
        default: return nil
        }
    }

    /// -1, 0 or 1 as `lhs` sorts before, equal to or after `rhs`; throws when either is not a valid version of
    /// this scheme.
    public func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        switch self {
        case .debian: DebianVersion.compare(try DebianVersion(lhs), try DebianVersion(rhs))
        case .alpine: APKVersion.compare(try APKVersion(lhs), try APKVersion(rhs))
        case .rpm: RPMVersion.compare(try RPMVersion(lhs), try RPMVersion(rhs))
        case .pypi: sign(try PEP440Version(lhs), try PEP440Version(rhs))
        case .semver: sign(try SemanticVersion(lhs), try SemanticVersion(rhs))
        case .go: sign(try GoVersion(lhs), try GoVersion(rhs))
        case .maven: MavenVersion.compare(try MavenVersion(lhs), try MavenVersion(rhs))
        case .rubygems: RubyGemsVersion.compare(try RubyGemsVersion(lhs), try RubyGemsVersion(rhs))
        case .packagist: sign(try PackagistVersion(lhs), try PackagistVersion(rhs))
        }
    }

    /// A parsed version, compared many times against one installed version without re-parsing it.
    public func parse(_ version: String) throws(VersionError) -> ParsedVersion {
        switch self {
        case .debian: .debian(try DebianVersion(version))
        case .alpine: .alpine(try APKVersion(version))
        case .rpm: .rpm(try RPMVersion(version))
        case .pypi: .pypi(try PEP440Version(version))
        case .semver: .semver(try SemanticVersion(version))
        case .go: .go(try GoVersion(version))
        case .maven: .maven(try MavenVersion(version))
        case .rubygems: .rubygems(try RubyGemsVersion(version))
        case .packagist: .packagist(try PackagistVersion(version))
        }
    }
}

/// A version parsed by its scheme.
public enum ParsedVersion: Sendable, CustomStringConvertible {
    case debian(DebianVersion)
    case alpine(APKVersion)
    case rpm(RPMVersion)
    case pypi(PEP440Version)
    case semver(SemanticVersion)
    case go(GoVersion)
    case maven(MavenVersion)
    case rubygems(RubyGemsVersion)
    case packagist(PackagistVersion)

    public var description: String {
        switch self {
        case .debian(let v): v.description
        case .alpine(let v): v.description
        case .rpm(let v): v.description
        case .pypi(let v): v.description
        case .semver(let v): v.description
        case .go(let v): v.description
        case .maven(let v): v.description
        case .rubygems(let v): v.description
        case .packagist(let v): v.description
        }
    }

    /// -1, 0 or 1; nil when the two come from different schemes.
    public func compare(to other: ParsedVersion) -> Int? {
        switch (self, other) {
        case (.debian(let a), .debian(let b)): DebianVersion.compare(a, b)
        case (.alpine(let a), .alpine(let b)): APKVersion.compare(a, b)
        case (.rpm(let a), .rpm(let b)): RPMVersion.compare(a, b)
        case (.pypi(let a), .pypi(let b)): sign(a, b)
        case (.semver(let a), .semver(let b)): sign(a, b)
        case (.go(let a), .go(let b)): sign(a, b)
        case (.maven(let a), .maven(let b)): MavenVersion.compare(a, b)
        case (.rubygems(let a), .rubygems(let b)): RubyGemsVersion.compare(a, b)
        case (.packagist(let a), .packagist(let b)): sign(a, b)
        default: nil
        }
    }
}
