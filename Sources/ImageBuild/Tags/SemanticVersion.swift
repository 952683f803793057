/// A semantic version as semver.org 2.0.0 defines it, with an optional leading `v` (as git tags spell it).
///
/// Precedence (`<`) follows §11: major, minor and patch numerically; a pre-release is lower than its release;
/// pre-release identifiers compare numerically when numeric, in ASCII order otherwise, numeric below
/// alphanumeric, and a longer list wins when all before are equal. Build metadata does not count (§10), so two
/// versions that differ only in build metadata have equal precedence but are not `==`.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: UInt64
    public let minor: UInt64
    public let patch: UInt64
    /// Dot-separated pre-release identifiers (`rc.1` → `["rc", "1"]`); empty for a release.
    public let preRelease: [String]
    /// Dot-separated build metadata identifiers; never part of a tag.
    public let build: [String]

    public init(_ text: String) throws(TagError) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        func invalid(_ rule: String) -> TagError { .invalidVersion(text, rule: rule) }
        guard !rest.isEmpty else { throw invalid("a version is MAJOR.MINOR.PATCH, for example 1.2.3") }

        // §10: build metadata MAY be denoted by appending a plus sign and a series of dot separated identifiers.
        var buildPart: Substring?
        if let plus = rest.firstIndex(of: "+") {
            buildPart = rest[rest.index(after: plus)...]
            rest = rest[..<plus]
        }
        // §9: a pre-release version MAY be denoted by appending a hyphen and dot separated identifiers.
        var prePart: Substring?
        if let hyphen = rest.firstIndex(of: "-") {
            prePart = rest[rest.index(after: hyphen)...]
            rest = rest[..<hyphen]
        }
        // §2: a normal version number MUST take the form X.Y.Z where X, Y, and Z are non-negative integers, and
        // MUST NOT contain leading zeroes.
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else {
            throw invalid("a version is MAJOR.MINOR.PATCH with exactly three numbers, for example 1.2.3 (§2)")
        }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.utf8.allSatisfy(SemanticVersion.isDigit) else {
                throw invalid("'\(part)' is not a non-negative integer (§2)")
            }
            guard part == "0" || part.first != "0" else {
                throw invalid("'\(part)' has a leading zero, which §2 forbids")
            }
            guard let value = UInt64(part) else { throw invalid("'\(part)' is too large") }
            numbers.append(value)
        }
        var pre: [String] = []
        if let prePart {
            // §9: identifiers MUST comprise only ASCII alphanumerics and hyphens, MUST NOT be empty, numeric
            // identifiers MUST NOT include leading zeroes.
            for identifier in prePart.split(separator: ".", omittingEmptySubsequences: false) {
                guard !identifier.isEmpty else { throw invalid("a pre-release identifier is empty (§9)") }
                guard identifier.utf8.allSatisfy(SemanticVersion.isIdentifierByte) else {
                    throw invalid("pre-release identifier '\(identifier)' may hold only [0-9A-Za-z-] (§9)")
                }
                if identifier.utf8.allSatisfy(SemanticVersion.isDigit), identifier.count > 1, identifier.first == "0" {
                    throw invalid("numeric pre-release identifier '\(identifier)' has a leading zero (§9)")
                }
                pre.append(String(identifier))
            }
        }
        var build: [String] = []
        if let buildPart {
            // §10: identifiers MUST comprise only ASCII alphanumerics and hyphens and MUST NOT be empty.
            for identifier in buildPart.split(separator: ".", omittingEmptySubsequences: false) {
                guard !identifier.isEmpty else { throw invalid("a build metadata identifier is empty (§10)") }
                guard identifier.utf8.allSatisfy(SemanticVersion.isIdentifierByte) else {
                    throw invalid("build identifier '\(identifier)' may hold only [0-9A-Za-z-] (§10)")
                }
                build.append(String(identifier))
            }
        }
        major = numbers[0]
        minor = numbers[1]
        patch = numbers[2]
        preRelease = pre
        self.build = build
    }

    public var isPreRelease: Bool { !preRelease.isEmpty }

    /// `MAJOR.MINOR.PATCH[-PRE]`, without `v` and without build metadata: the form a tag takes.
    public var withoutBuild: String {
        "\(major).\(minor).\(patch)" + (preRelease.isEmpty ? "" : "-" + preRelease.joined(separator: "."))
    }

    public var description: String {
        withoutBuild + (build.isEmpty ? "" : "+" + build.joined(separator: "."))
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        // §11.3: a pre-release version has lower precedence than a normal version.
        switch (lhs.preRelease.isEmpty, rhs.preRelease.isEmpty) {
        case (true, true): return false
        case (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.preRelease, rhs.preRelease) where left != right {
            let leftNumeric = left.utf8.allSatisfy(isDigit)
            let rightNumeric = right.utf8.allSatisfy(isDigit)
            switch (leftNumeric, rightNumeric) {
            case (true, true):
                // Compare as numbers of any length: no leading zeros, so longer is larger.
                if left.count != right.count { return left.count < right.count }
                return left < right
            case (true, false): return true
            case (false, true): return false
            case (false, false): return Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
            }
        }
        return lhs.preRelease.count < rhs.preRelease.count
    }

    /// Same precedence (build metadata ignored).
    public func hasSamePrecedence(as other: SemanticVersion) -> Bool { !(self < other) && !(other < self) }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "-")
    }
}
