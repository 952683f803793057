/// A RubyGems version, ordered as `Gem::Version#<=>`. From rubygems/version.rb: "If any part contains letters
/// (currently only a-z are supported) then that version is considered prerelease. ... Versions are compared by
/// their segments: numbers numerically, a number always newer than a string, strings lexically", after
/// `canonical_segments` dropped the trailing zeros of the release and of the pre-release part, and "a '-' is
/// read as '.pre.'".
public struct RubyGemsVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Segment: Hashable {
        case number(Numeral)
        case text(String)
    }

    let segments: [Segment]
    public let description: String

    public init(_ string: String) throws(VersionError) {
        description = string
        let text = string.trimmingBlanks
        // `ANCHORED_VERSION_PATTERN`: /\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z/
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first.isASCIIDigit,
            bytes.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
            bytes.last != UInt8(ascii: "."), !text.contains("..")
        else {
            throw VersionError(scheme: "RubyGems", version: string, reason: "it does not match Gem::Version's pattern")
        }
        let normalized = Array(text.replacingAll("-", with: ".pre.").utf8)
        // `_segments`: `@version.scan(/[0-9]+|[a-z]+/i)`, numbers as integers.
        var segments: [Segment] = []
        var i = 0
        while i < normalized.count {
            let start = i
            if normalized[i].isASCIIDigit {
                while i < normalized.count && normalized[i].isASCIIDigit { i += 1 }
                segments.append(.number(Numeral(normalized[start..<i])))
            } else if normalized[i].isASCIILetter {
                while i < normalized.count && normalized[i].isASCIILetter { i += 1 }
                segments.append(.text(String(decoding: normalized[start..<i], as: UTF8.self)))
            } else {
                i += 1
            }
        }
        // `canonical_segments`: the release part and the part from the first string each without trailing zeros.
        let split = segments.firstIndex { if case .text = $0 { true } else { false } } ?? segments.count
        func trimmed(_ part: ArraySlice<Segment>) -> [Segment] {
            var part = Array(part)
            while part.last == .number(.zero) { part.removeLast() }
            return part
        }
        self.segments = trimmed(segments[..<split]) + trimmed(segments[split...])
    }

    static func compare(_ lhs: RubyGemsVersion, _ rhs: RubyGemsVersion) -> Int {
        for index in 0..<max(lhs.segments.count, rhs.segments.count) {
            let a = index < lhs.segments.count ? lhs.segments[index] : .number(.zero)
            let b = index < rhs.segments.count ? rhs.segments[index] : .number(.zero)
            switch (a, b) {
            case (.number(let x), .number(let y)): if x != y { return x < y ? -1 : 1 }
            case (.text, .number): return -1
            case (.number, .text): return 1
            case (.text(let x), .text(let y)): if x != y { return x < y ? -1 : 1 }
            }
        }
        return 0
    }

    public static func == (lhs: RubyGemsVersion, rhs: RubyGemsVersion) -> Bool { compare(lhs, rhs) == 0 }
    public func hash(into hasher: inout Hasher) { hasher.combine(segments.first) }
    public static func < (lhs: RubyGemsVersion, rhs: RubyGemsVersion) -> Bool { compare(lhs, rhs) < 0 }
}

extension String {
    /// Every occurrence of `target` replaced (FoundationEssentials has no `replacingOccurrences`).
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
