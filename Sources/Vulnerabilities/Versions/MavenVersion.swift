/// A Maven artifact version, ordered by the POM reference's "Version Order Specification" (as Maven's
/// `ComparableVersion` implements it).
public struct MavenVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    struct Token: Hashable {
        /// "." or "-" ("" for the first token).
        var prefix: UInt8
        var value: String
        var number: Numeral?
        var isPadding = false
    }

    let tokens: [Token]
    public let description: String

    /// "alpha" = "a" < "beta" = "b" < "milestone" = "m" < "rc" = "cr" < "snapshot" < "" = "final" = "ga" =
    /// "release" < "sp"; unknown qualifiers sort after them, alphabetically.
    private static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]

    public init(_ string: String) throws(VersionError) {
        description = string
        let text = string.trimmingBlanks.lowercased()
        if text.isEmpty { throw VersionError(scheme: "Maven", version: string, reason: "it is empty") }
        // "the Maven coordinate is split in tokens between dots ('.'), hyphens ('-') and transitions between
        // digits and characters. The separator is recorded and will have effect on the order. A transition
        // between digits and characters is equivalent to a hyphen. Empty tokens are replaced with "0"."
        var tokens: [Token] = []
        var prefix: UInt8 = 0
        for piece in Self.splitKeepingSeparators(Array(text.utf8)) {
            if case .separator(let separator) = piece {
                prefix = separator
                continue
            }
            guard case .text(let raw) = piece else { continue }
            var runs: [ArraySlice<UInt8>] = []
            var start = raw.startIndex
            for index in raw.indices.dropFirst() where raw[index].isASCIIDigit != raw[index - 1].isASCIIDigit {
                runs.append(raw[start..<index])
                start = index
            }
            runs.append(raw[start..<raw.endIndex])
            for (position, run) in runs.enumerated() {
                var value = String(decoding: run, as: UTF8.self)
                if value.isEmpty { value = "0" }
                if value == "cr" { value = "rc" }
                if value == "ga" || value == "final" || value == "release" { value = "" }
                // "alpha", "beta" and "milestone" may be shortened to "a", "b" and "m" when directly followed by a
                // number.
                if position < runs.count - 1 {
                    value = ["a": "alpha", "b": "beta", "m": "milestone"][value] ?? value
                }
                var number: Numeral?
                if !value.isEmpty, value.utf8.allSatisfy(\.isASCIIDigit) {
                    let numeral = Numeral(value.utf8)
                    number = numeral
                    value = numeral.description
                }
                tokens.append(Token(prefix: position > 0 ? UInt8(ascii: "-") : prefix, value: value, number: number))
            }
        }
        // "Then, starting from the end of the version, the trailing "null" values (0, "", "final", "ga") are
        // trimmed. This process is repeated at each remaining hyphen from end to start."
        var index = tokens.count - 1
        while index > 0 {
            if Self.isNull(tokens[index]) {
                tokens.remove(at: index)
                index -= 1
                continue
            }
            while index >= 0 && tokens[index].prefix != UInt8(ascii: "-") { index -= 1 }
            index -= 1
        }
        self.tokens = tokens
    }

    private enum Piece {
        case text(ArraySlice<UInt8>)
        case separator(UInt8)
    }

    private static func splitKeepingSeparators(_ bytes: [UInt8]) -> [Piece] {
        var pieces: [Piece] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
            pieces.append(.text(bytes[start..<index]))
            pieces.append(.separator(byte))
            start = index + 1
        }
        pieces.append(.text(bytes[start...]))
        return pieces
    }

    private static func isNull(_ token: Token) -> Bool { token.value == "0" || token.value.isEmpty }

    /// The padding token for a version that ran out, facing `token`: "0" after ".", "" after "-".
    private static func padding(facing token: Token) -> Token {
        if token.prefix == UInt8(ascii: "-") {
            return Token(prefix: token.prefix, value: "", number: nil, isPadding: true)
        }
        // "sp" is the only qualifier above the empty one, so facing it a "." pads as "" too.
        let value = token.value == "sp" ? "" : "0"
        return Token(prefix: UInt8(ascii: "."), value: value, number: value == "0" ? .zero : nil, isPadding: true)
    }

    /// ".qualifier" < "-qualifier" < "-number" < ".number"
    private static func prefixOrder(_ token: Token) -> Int {
        if token.number != nil { return token.prefix == UInt8(ascii: "-") ? 2 : 3 }
        return token.prefix == UInt8(ascii: "-") ? 1 : 0
    }

    private static func precedes(_ a: Token, _ b: Token) -> Bool {
        guard a.prefix == b.prefix else { return prefixOrder(a) < prefixOrder(b) }
        if let x = a.number, let y = b.number { return x < y }
        // Numbers sort after qualifiers, except a padding "0".
        if a.number != nil && !a.isPadding { return false }
        if b.number != nil && !b.isPadding { return true }
        let left = qualifiers.firstIndex(of: a.value) ?? qualifiers.count
        let right = qualifiers.firstIndex(of: b.value) ?? qualifiers.count
        if left == qualifiers.count && right == qualifiers.count { return a.value < b.value }
        return left < right
    }

    private static func same(_ a: Token, _ b: Token) -> Bool { a.prefix == b.prefix && a.value == b.value }

    static func compare(_ lhs: MavenVersion, _ rhs: MavenVersion) -> Int {
        for index in 0..<max(lhs.tokens.count, rhs.tokens.count) {
            let a = index < lhs.tokens.count ? lhs.tokens[index] : padding(facing: rhs.tokens[index])
            let b = index < rhs.tokens.count ? rhs.tokens[index] : padding(facing: lhs.tokens[index])
            if same(a, b) { continue }
            return precedes(a, b) ? -1 : 1
        }
        return 0
    }

    public static func == (lhs: MavenVersion, rhs: MavenVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(0) }  // equal versions may differ in tokens
    public static func < (lhs: MavenVersion, rhs: MavenVersion) -> Bool { compare(lhs, rhs) < 0 }
}
