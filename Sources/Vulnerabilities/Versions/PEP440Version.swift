/// A Python package version (PEP 440, as the PyPA "Version specifiers" specification keeps it), ordered as
/// `packaging.version.Version`. Versions outside the grammar are "legacy" versions: they sort before every valid
/// version, among themselves as setuptools' `LegacyVersion` sorted them (PyPI still holds such releases).
public struct PEP440Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    enum Key: Hashable {
        case valid(epoch: Numeral, release: [Numeral], pre: Pre, post: Numeral?, dev: Numeral?, local: [Local]?)
        case legacy([String])
    }

    /// Ordered like packaging's `_cmpkey`: a dev-only release sorts before every pre-release.
    enum Pre: Hashable, Comparable {
        case devOnly
        case release(phase: Int, number: Numeral)
        case none
    }

    /// "Comparison and ordering of local versions considers each segment of the local version (divided by a .)
    /// separately. If a segment consists entirely of ASCII digits then that section should be considered an
    /// integer for comparison purposes and if a segment contains any ASCII letters then that segment is compared
    /// lexicographically with case insensitivity. When comparing a numeric and lexicographic segment, the numeric
    /// section always compares as greater than the lexicographic segment."
    enum Local: Hashable, Comparable {
        case text(String)
        case number(Numeral)
    }

    let key: Key
    public let description: String
    public var isLegacy: Bool { if case .legacy = key { true } else { false } }

    public init(_ string: String) throws(VersionError) {
        description = string
        let text = string.trimmingBlanks.lowercased()
        if text.isEmpty { throw VersionError(scheme: "PyPI", version: string, reason: "it is empty") }
        if let key = Self.parse(Array(text.utf8)) {
            self.key = key
        } else {
            self.key = .legacy(Self.legacyKey(text))
        }
    }

    public static func == (lhs: PEP440Version, rhs: PEP440Version) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public static func < (lhs: PEP440Version, rhs: PEP440Version) -> Bool { compare(lhs.key, rhs.key) < 0 }

    static func compare(_ lhs: Key, _ rhs: Key) -> Int {
        switch (lhs, rhs) {
        case (.legacy(let a), .legacy(let b)): return a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
        case (.legacy, .valid): return -1
        case (.valid, .legacy): return 1
        case (
            .valid(let e1, let r1, let pre1, let post1, let dev1, let local1),
            .valid(let e2, let r2, let pre2, let post2, let dev2, let local2)
        ):
            if e1 != e2 { return e1 < e2 ? -1 : 1 }
            // "trailing zeros are not significant": release segments compare padded with zeros.
            for index in 0..<max(r1.count, r2.count) {
                let a = index < r1.count ? r1[index] : .zero
                let b = index < r2.count ? r2[index] : .zero
                if a != b { return a < b ? -1 : 1 }
            }
            if pre1 != pre2 { return pre1 < pre2 ? -1 : 1 }
            // No post-release sorts before any post-release; no dev release sorts after any dev release.
            if post1 != post2 {
                guard let post1 else { return -1 }
                guard let post2 else { return 1 }
                return post1 < post2 ? -1 : 1
            }
            if dev1 != dev2 {
                guard let dev1 else { return 1 }
                guard let dev2 else { return -1 }
                return dev1 < dev2 ? -1 : 1
            }
            if local1 != local2 {
                guard let local1 else { return -1 }
                guard let local2 else { return 1 }
                return local1.lexicographicallyPrecedes(local2) ? -1 : 1
            }
            return 0
        }
    }

    /// The grammar of the specification's appendix ("VERSION_PATTERN"), lowercased input:
    /// `v? (N!)? N(.N)* ([-_.]? (a|b|c|rc|alpha|beta|pre|preview) [-_.]? N?)? ((-N) | ([-_.]? (post|rev|r)
    /// [-_.]? N?))? ([-_.]? dev [-_.]? N?)? (+ [a-z0-9]+ ([-_.] [a-z0-9]+)*)?`
    static func parse(_ s: [UInt8]) -> Key? {
        var i = 0
        func digits() -> Numeral? {
            let start = i
            while i < s.count && s[i].isASCIIDigit { i += 1 }
            return i > start ? Numeral(s[start..<i]) : nil
        }
        func separator() { if i < s.count && (s[i] == 0x2D || s[i] == 0x5F || s[i] == 0x2E) { i += 1 } }
        func word(_ options: [String]) -> String? {
            for option in options where s[i...].starts(with: option.utf8) {
                i += option.utf8.count
                return option
            }
            return nil
        }
        if i < s.count && s[i] == UInt8(ascii: "v") { i += 1 }
        guard var first = digits() else { return nil }
        var epoch = Numeral.zero
        if i < s.count && s[i] == UInt8(ascii: "!") {
            i += 1
            epoch = first
            guard let next = digits() else { return nil }
            first = next
        }
        var release = [first]
        while i + 1 < s.count && s[i] == UInt8(ascii: "."), s[i + 1].isASCIIDigit {
            i += 1
            if let next = digits() { release.append(next) }
        }
        var pre: Pre = .none
        var mark = i
        separator()
        // Longest spellings first, so "preview" is not read as "pre" + "view".
        if let phase = word(["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"]) {
            let rank = ["alpha": 0, "a": 0, "beta": 1, "b": 1][phase] ?? 2
            let before = i
            separator()
            if let number = digits() {
                pre = .release(phase: rank, number: number)
            } else {
                i = before
                pre = .release(phase: rank, number: .zero)
            }
        } else {
            i = mark
        }
        var post: Numeral?
        mark = i
        if i < s.count && s[i] == UInt8(ascii: "-"), i + 1 < s.count, s[i + 1].isASCIIDigit {
            i += 1
            post = digits()
        } else {
            separator()
            if word(["post", "rev", "r"]) != nil {
                let before = i
                separator()
                if let number = digits() {
                    post = number
                } else {
                    i = before
                    post = .zero
                }
            } else {
                i = mark
            }
        }
        var dev: Numeral?
        mark = i
        separator()
        if word(["dev"]) != nil {
            let before = i
            separator()
            if let number = digits() {
                dev = number
            } else {
                i = before
                dev = .zero
            }
        } else {
            i = mark
        }
        var local: [Local]?
        if i < s.count && s[i] == UInt8(ascii: "+") {
            i += 1
            var segments: [Local] = []
            while true {
                let start = i
                while i < s.count && s[i].isASCIIAlphanumeric { i += 1 }
                if i == start { return nil }
                let segment = s[start..<i]
                segments.append(
                    segment.allSatisfy(\.isASCIIDigit)
                        ? .number(Numeral(segment)) : .text(String(decoding: segment, as: UTF8.self)))
                if i < s.count && (s[i] == 0x2D || s[i] == 0x5F || s[i] == 0x2E) {
                    i += 1
                } else {
                    break
                }
            }
            local = segments
        }
        if i != s.count { return nil }
        if pre == .none && post == nil && dev != nil { pre = .devOnly }
        return .valid(epoch: epoch, release: release, pre: pre, post: post, dev: dev, local: local)
    }

    /// setuptools/packaging's `LegacyVersion._legacy_cmpkey`: runs of digits (padded to eight) and of letters,
    /// with "pre", "preview" and "rc" read as "c", "dev" as "@" and "-" as "final-", a "*final" appended,
    /// trailing zeros of each numeric series and "-" before a pre-release tag removed.
    static func legacyKey(_ text: String) -> [String] {
        var tokens: [String] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let start = i
            if bytes[i].isASCIIDigit {
                while i < bytes.count && bytes[i].isASCIIDigit { i += 1 }
            } else if bytes[i] >= 0x61 && bytes[i] <= 0x7A {
                while i < bytes.count && bytes[i] >= 0x61 && bytes[i] <= 0x7A { i += 1 }
            } else {
                i += 1
            }
            tokens.append(String(decoding: bytes[start..<i], as: UTF8.self))
        }
        let replacements = ["pre": "c", "preview": "c", "-": "final-", "rc": "c", "dev": "@"]
        var parts: [String] = []
        for token in tokens + ["*final"] {
            let part: String
            if token == "*final" {
                part = token
            } else {
                let replaced = replacements[token] ?? token
                if replaced.isEmpty || replaced == "." { continue }
                if let first = replaced.utf8.first, first.isASCIIDigit {
                    part = String(repeating: "0", count: max(0, 8 - replaced.utf8.count)) + replaced
                } else {
                    part = "*" + replaced
                }
            }
            if part.hasPrefix("*") {
                if part < "*final" {
                    while parts.last == "*final-" { parts.removeLast() }
                }
                while parts.last == "00000000" { parts.removeLast() }
            }
            parts.append(part)
        }
        return parts
    }
}
