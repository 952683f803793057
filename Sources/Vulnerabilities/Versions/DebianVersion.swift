/// A Debian package version, ordered as dpkg orders it (Debian Policy 5.6.12, "Version").
public struct DebianVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: Numeral
    public let upstream: [UInt8]
    public let revision: [UInt8]
    public let description: String

    public init(_ string: String) throws(VersionError) {
        // dpkg (lib/dpkg/parsehelp.c parseversion) skips surrounding blanks.
        let text = string.trimmingBlanks
        description = text
        var bytes = Array(text.utf8)
        func invalid(_ reason: String) -> VersionError {
            VersionError(scheme: "Debian", version: string, reason: reason)
        }
        if bytes.isEmpty { throw invalid("it is empty") }
        if bytes.contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            throw invalid("it contains a blank")
        }
        // "epoch: This is a single (generally small) unsigned integer. It may be omitted, in which case zero is
        // assumed."
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            let digits = bytes[..<colon]
            if digits.isEmpty || !digits.allSatisfy(\.isASCIIDigit) { throw invalid("the epoch is not a number") }
            epoch = Numeral(digits)
            bytes.removeSubrange(...colon)
        } else {
            epoch = .zero
        }
        // "debian_revision: ... It is optional; if it isn't present then the upstream_version must not contain a
        // hyphen." The revision is everything after the last hyphen.
        if let hyphen = bytes.lastIndex(of: UInt8(ascii: "-")) {
            revision = Array(bytes[(hyphen + 1)...])
            upstream = Array(bytes[..<hyphen])
            if revision.isEmpty { throw invalid("the revision after '-' is empty") }
        } else {
            revision = []
            upstream = bytes
        }
        if upstream.isEmpty { throw invalid("the upstream version is empty") }
        // "The upstream_version may contain only alphanumerics and the characters . + - ~ (full stop, plus,
        // hyphen, tilde) and should start with a digit." (dpkg warns, not fails, on a non-digit start.)
        let allowed: (UInt8) -> Bool = {
            $0.isASCIIAlphanumeric || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: "~")
        }
        if let bad = upstream.first(where: { !allowed($0) }) {
            throw invalid("the upstream version contains '\(String(decoding: [bad], as: UTF8.self))'")
        }
        // "debian_revision: ... may contain only alphanumerics and the characters + . ~"
        if let bad = revision.first(where: { !allowed($0) || $0 == UInt8(ascii: "-") }) {
            throw invalid("the revision contains '\(String(decoding: [bad], as: UTF8.self))'")
        }
    }

    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(epoch) }
    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) < 0 }

    static func compare(_ lhs: DebianVersion, _ rhs: DebianVersion) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let upstream = compareParts(lhs.upstream, rhs.upstream)
        if upstream != 0 { return upstream }
        // An absent revision compares as "0" (dpkg compares the empty string, which the algorithm equates to "0").
        return compareParts(lhs.revision, rhs.revision)
    }

    /// "The lexical comparison is a comparison of ASCII values modified so that all the letters sort earlier
    /// than all the non-letters and so that a tilde sorts before anything, even the end of a part."
    private static func order(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        if byte.isASCIIDigit { return 0 }
        if byte.isASCIILetter { return Int(byte) }
        if byte == UInt8(ascii: "~") { return -1 }
        return Int(byte) + 256
    }

    /// "The strings are compared from left to right. First the initial part of each string consisting entirely
    /// of non-digit characters is determined. These two parts (one of which may be empty) are compared
    /// lexically. ... Then the initial part of the remainder of each string which consists entirely of digit
    /// characters is determined. The numerical values of these two parts are compared ... (An empty string
    /// ... counts as zero). These two steps ... are repeated until a difference is found or both strings are
    /// exhausted."
    static func compareParts(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            while (i < a.count && !a[i].isASCIIDigit) || (j < b.count && !b[j].isASCIIDigit) {
                let left = order(i < a.count && !a[i].isASCIIDigit ? a[i] : nil)
                let right = order(j < b.count && !b[j].isASCIIDigit ? b[j] : nil)
                if left != right { return left < right ? -1 : 1 }
                if i < a.count && !a[i].isASCIIDigit { i += 1 }
                if j < b.count && !b[j].isASCIIDigit { j += 1 }
            }
            let startA = i
            while i < a.count && a[i].isASCIIDigit { i += 1 }
            let startB = j
            while j < b.count && b[j].isASCIIDigit { j += 1 }
            let left = Numeral(a[startA..<i])
            let right = Numeral(b[startB..<j])
            if left != right { return left < right ? -1 : 1 }
        }
        return 0
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
