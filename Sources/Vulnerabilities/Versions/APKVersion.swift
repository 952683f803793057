/// An Alpine package version, ordered as apk orders it. apk-package(5), "pkgver": "the version format is
/// *number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}*. Each number component is a sequence of digits
/// (0-9). The letter portion can follow only after end of all the numeric version components. The letter is a
/// single lower case letter (a-z). This can follow one or more _suffix{number} components. The list of valid
/// suffixes (and their sorting order) is: alpha, beta, pre, rc, <no suffix>, cvs, svn, git, hg, p. This can be
/// followed with an optional {~hash} ... Finally an optional package build component -r{number} can follow."
///
/// apk accepts versions outside that grammar (`apk version -t`); like apk, such a version still orders: its
/// unparsed rest sorts below an empty rest, and two versions with a malformed build component compare bytewise.
public struct APKVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    let components: [[UInt8]]
    let letter: UInt8?
    let suffixes: [(weight: Int, number: Numeral)]
    let build: Numeral
    let rest: [UInt8]
    /// The build component is neither absent nor `-r` digits.
    let malformed: Bool
    public let description: String

    private static let suffixNames: [(String, Int)] = [
        ("alpha", 0), ("beta", 1), ("pre", 2), ("rc", 3), ("cvs", 5), ("svn", 6), ("git", 7), ("hg", 8), ("p", 9),
    ]
    private static let noSuffix = 4

    public init(_ string: String) throws(VersionError) {
        description = string
        let bytes = Array(string.utf8)
        if bytes.isEmpty { throw VersionError(scheme: "Alpine", version: string, reason: "it is empty") }
        var i = 0
        var components: [[UInt8]] = []
        while i < bytes.count && bytes[i].isASCIIDigit {
            let start = i
            while i < bytes.count && bytes[i].isASCIIDigit { i += 1 }
            components.append(Array(bytes[start..<i]))
            if i + 1 < bytes.count && bytes[i] == UInt8(ascii: ".") && bytes[i + 1].isASCIIDigit { i += 1 }
        }
        self.components = components
        if i < bytes.count && bytes[i] >= UInt8(ascii: "a") && bytes[i] <= UInt8(ascii: "z") {
            letter = bytes[i]
            i += 1
        } else {
            letter = nil
        }
        var suffixes: [(Int, Numeral)] = []
        suffixLoop: while i < bytes.count && bytes[i] == UInt8(ascii: "_") {
            for (name, weight) in Self.suffixNames {
                let nameBytes = Array(name.utf8)
                if bytes[(i + 1)...].starts(with: nameBytes) {
                    var end = i + 1 + nameBytes.count
                    let digitsStart = end
                    while end < bytes.count && bytes[end].isASCIIDigit { end += 1 }
                    suffixes.append((weight, Numeral(bytes[digitsStart..<end])))
                    i = end
                    continue suffixLoop
                }
            }
            break
        }
        self.suffixes = suffixes
        if i < bytes.count && bytes[i] == UInt8(ascii: "~") {
            var end = i + 1
            while end < bytes.count && (bytes[end].isASCIIDigit || (bytes[end] >= 0x61 && bytes[end] <= 0x66)) {
                end += 1
            }
            if end > i + 1 { i = end }
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "r")
        {
            var end = i + 2
            while end < bytes.count && bytes[end].isASCIIDigit { end += 1 }
            build = Numeral(bytes[(i + 2)..<end])
            i = end
            malformed = false
        } else {
            build = .zero
            malformed = i < bytes.count
        }
        rest = Array(bytes[i...])
    }

    public static func == (lhs: APKVersion, rhs: APKVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(components.first) }
    public static func < (lhs: APKVersion, rhs: APKVersion) -> Bool { compare(lhs, rhs) < 0 }

    static func compare(_ lhs: APKVersion, _ rhs: APKVersion) -> Int {
        if lhs.malformed && rhs.malformed {
            let a = Array(lhs.description.utf8)
            let b = Array(rhs.description.utf8)
            return a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        }
        for index in 0..<max(lhs.components.count, rhs.components.count) {
            let a = index < lhs.components.count ? lhs.components[index] : nil
            let b = index < rhs.components.count ? rhs.components[index] : nil
            // apk: "Leading zero digits get a special treatment": after the first component, a component with a
            // leading zero compares as a string (1.01 < 1.1 < 1.10).
            if index > 0, let a, let b, a.first == UInt8(ascii: "0") || b.first == UInt8(ascii: "0") {
                if a != b { return a.lexicographicallyPrecedes(b) ? -1 : 1 }
                continue
            }
            let result = sign(Numeral(a ?? []), Numeral(b ?? []))
            if result != 0 { return result }
        }
        switch (lhs.letter, rhs.letter) {
        case (nil, nil): break
        case (nil, _): return -1
        case (_, nil): return 1
        case (let a?, let b?): if a != b { return a < b ? -1 : 1 }
        }
        for index in 0..<max(lhs.suffixes.count, rhs.suffixes.count) {
            let a = index < lhs.suffixes.count ? lhs.suffixes[index] : (noSuffix, .zero)
            let b = index < rhs.suffixes.count ? rhs.suffixes[index] : (noSuffix, .zero)
            if a.weight != b.weight { return a.weight < b.weight ? -1 : 1 }
            if a.number != b.number { return a.number < b.number ? -1 : 1 }
        }
        if lhs.build != rhs.build { return lhs.build < rhs.build ? -1 : 1 }
        if lhs.rest.isEmpty != rhs.rest.isEmpty { return lhs.rest.isEmpty ? 1 : -1 }
        return 0
    }
}
