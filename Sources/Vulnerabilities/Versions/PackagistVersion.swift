/// A Composer/Packagist version, ordered as PHP's `version_compare` after Composer drops a leading `v`. From the
/// PHP manual: "version_compare() ... first replaces _, - and + with a dot . in the version strings and also
/// inserts dots . before and after any non number so that for example '4.3.2RC1' becomes '4.3.2.RC.1'. Then it
/// compares the parts starting from left to right. If a part contains special version strings these are handled
/// in the following order: any string not found in this list < dev < alpha = a < beta = b < RC = rc < # < pl = p."
public struct PackagistVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    let parts: [String]
    public let description: String

    public init(_ string: String) throws(VersionError) {
        description = string
        var text = string.trimmingBlanks
        if text.isEmpty { throw VersionError(scheme: "Packagist", version: string, reason: "it is empty") }
        if text.hasPrefix("v") || text.hasPrefix("V") { text.removeFirst() }
        var canonical: [UInt8] = []
        for byte in text.utf8 {
            let byte =
                (byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) ? 0x2E : byte
            if let last = canonical.last, last != 0x2E, byte != 0x2E, last.isASCIIDigit != byte.isASCIIDigit {
                canonical.append(0x2E)
            }
            canonical.append(byte)
        }
        parts = canonical.split(separator: 0x2E, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private static func isNumber(_ part: String) -> Bool { !part.isEmpty && part.utf8.allSatisfy(\.isASCIIDigit) }

    /// The special forms' order; a number counts as "#". PHP matches them by prefix ("RC" before "rc").
    private static func weight(_ part: String) -> Int {
        if isNumber(part) || part == "#" { return 4 }
        if part.hasPrefix("RC") { return 3 }
        for (index, special) in ["dev", "a", "b", "rc", "#", "p"].enumerated() where part.hasPrefix(special) {
            return index
        }
        return 0
    }

    static func compare(_ a: ArraySlice<String>, _ b: ArraySlice<String>) -> Int {
        for (x, y) in zip(a, b) {
            let result: Int
            if isNumber(x) && isNumber(y) {
                result = sign(Numeral(x.utf8), Numeral(y.utf8))
            } else {
                result = sign(weight(x), weight(y))
            }
            if result != 0 { return result }
        }
        if a.count > b.count {
            let next = a[a.startIndex + b.count]
            return isNumber(next) ? 1 : compare(a.dropFirst(b.count), ["#"])
        }
        if a.count < b.count {
            let next = b[b.startIndex + a.count]
            return isNumber(next) ? -1 : compare(["#"], b.dropFirst(a.count))
        }
        return 0
    }

    public static func == (lhs: PackagistVersion, rhs: PackagistVersion) -> Bool {
        compare(lhs.parts[...], rhs.parts[...]) == 0
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(0) }  // equal versions differ in their parts
    public static func < (lhs: PackagistVersion, rhs: PackagistVersion) -> Bool {
        compare(lhs.parts[...], rhs.parts[...]) < 0
    }
}
