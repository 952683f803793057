/// An RPM `[epoch:]version[-release]`, ordered as rpm's `labelCompare` orders it: the epoch numerically, then the
/// version and the release with `rpmvercmp` (rpm's `docs/manual/dependencies.md`, "Versioning", and
/// `rpmio/rpmvercmp.c`).
public struct RPMVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let epoch: Numeral
    public let version: [UInt8]
    /// Absent when the string has no `-`: an absent release sorts before any present one (`labelCompare`).
    public let release: [UInt8]?
    public let description: String

    public init(_ string: String) throws(VersionError) {
        description = string
        let bytes = Array(string.utf8)
        if bytes.isEmpty { throw VersionError(scheme: "RPM", version: string, reason: "it is empty") }
        // rpm's parseEVR: "the epoch is the leading digits when a ':' follows them"; otherwise there is none and
        // a ':' belongs to the version. The release follows the last '-'.
        var start = 0
        while start < bytes.count && bytes[start].isASCIIDigit { start += 1 }
        var rest = bytes[...]
        if start < bytes.count && bytes[start] == UInt8(ascii: ":") {
            epoch = Numeral(bytes[..<start])
            rest = bytes[(start + 1)...]
        } else {
            epoch = .zero
        }
        if let hyphen = rest.lastIndex(of: UInt8(ascii: "-")) {
            version = Array(rest[..<hyphen])
            release = Array(rest[(hyphen + 1)...])
        } else {
            version = Array(rest)
            release = nil
        }
    }

    public static func == (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(epoch) }
    public static func < (lhs: RPMVersion, rhs: RPMVersion) -> Bool { compare(lhs, rhs) < 0 }

    static func compare(_ lhs: RPMVersion, _ rhs: RPMVersion) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let version = rpmvercmp(lhs.version, rhs.version)
        if version != 0 { return version }
        switch (lhs.release, rhs.release) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let a?, let b?): return rpmvercmp(a, b)
        }
    }

    /// rpmvercmp: the strings are split into runs of ASCII digits and ASCII letters; anything else separates them.
    /// "The tilde separator sorts before everything else"; the caret "is the same as tilde, except that if one of
    /// the strings ends (base version), the other is considered as higher version". Numeric runs compare as
    /// numbers and are newer than letter runs; letter runs compare with strcmp; leftover characters win.
    static func rpmvercmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a == b { return 0 }
        let tilde = UInt8(ascii: "~")
        let caret = UInt8(ascii: "^")
        var i = 0
        var j = 0
        func at(_ s: [UInt8], _ k: Int) -> UInt8 { k < s.count ? s[k] : 0 }
        while i < a.count || j < b.count {
            while i < a.count && !a[i].isASCIIAlphanumeric && a[i] != tilde && a[i] != caret { i += 1 }
            while j < b.count && !b[j].isASCIIAlphanumeric && b[j] != tilde && b[j] != caret { j += 1 }
            let one = at(a, i)
            let two = at(b, j)
            if one == tilde || two == tilde {
                if one != tilde { return 1 }
                if two != tilde { return -1 }
                i += 1
                j += 1
                continue
            }
            if one == caret || two == caret {
                if one == 0 { return -1 }
                if two == 0 { return 1 }
                if one != caret { return 1 }
                if two != caret { return -1 }
                i += 1
                j += 1
                continue
            }
            if one == 0 || two == 0 { break }
            let numeric = one.isASCIIDigit
            let matches: (UInt8) -> Bool = numeric ? { $0.isASCIIDigit } : { $0.isASCIILetter }
            var endA = i
            while endA < a.count && matches(a[endA]) { endA += 1 }
            var endB = j
            while endB < b.count && matches(b[endB]) { endB += 1 }
            // "numeric segments are always newer than alpha segments"
            if endB == j { return numeric ? 1 : -1 }
            let result: Int
            if numeric {
                result = sign(Numeral(a[i..<endA]), Numeral(b[j..<endB]))
            } else {
                let left = a[i..<endA]
                let right = b[j..<endB]
                result = left.elementsEqual(right) ? 0 : (left.lexicographicallyPrecedes(right) ? -1 : 1)
            }
            if result != 0 { return result }
            i = endA
            j = endB
        }
        if i >= a.count && j >= b.count { return 0 }
        return i >= a.count ? -1 : 1
    }
}
