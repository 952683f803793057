/// BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`) for one word: quotes removed, the escape character
/// applied, and `$VAR`, `${VAR}`, `${VAR:-w}`, `${VAR-w}`, `${VAR:+w}`, `${VAR+w}`, `${VAR:?w}`, `${VAR?w}`,
/// `${VAR#p}`, `${VAR##p}`, `${VAR%p}`, `${VAR%%p}`, `${VAR/p/r}` and `${VAR//p/r}` substituted.
///
/// A variable whose value is not known stays as written and makes the result not known.
struct VariableExpander {
    let escape: UInt8
    /// Nil: not declared. When `undeclaredIsUnset`, undeclared variables are unset (BuildKit substitutes ""),
    /// otherwise they are unknown (they may come from the base image).
    let lookup: (String) -> VariableValue?
    var undeclaredIsUnset = false

    init(escape: UInt8, undeclaredIsUnset: Bool = false, lookup: @escaping (String) -> VariableValue?) {
        self.escape = escape
        self.undeclaredIsUnset = undeclaredIsUnset
        self.lookup = lookup
    }

    /// Names BuildKit sets automatically per platform: never known at lint time.
    static let platformArgs: Set<String> = [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM", "TARGETOS", "TARGETARCH",
        "TARGETVARIANT", "TARGETSTAGE",
    ]

    /// Largest expansion of one word, in bytes. BuildKit has no limit, but values that repeat the one before
    /// (`ARG B=$A$A$A…`) grow tenfold a line: a 1 KB Dockerfile reached gigabytes. Past this the word stops
    /// expanding and is not known (and its ARG or ENV value is not either).
    public static let maxExpansion = 64 << 10

    /// The error of a word that expands past `maxExpansion`.
    static let tooLarge = "the value expands to more than \(maxExpansion) bytes; it is treated as unknown"

    /// Whether `text` has no quote, escape or `$`: the word is its own value (most words are).
    static func isLiteral(_ text: String, escape: UInt8) -> Bool {
        !text.utf8.contains(where: {
            $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == escape
        })
    }

    func expand(_ text: String) -> Expanded {
        if VariableExpander.isLiteral(text, escape: escape) { return Expanded(value: text, isKnown: true) }
        var state = State(bytes: Array(text.utf8))
        let output = process(&state, stops: [], rawEscapes: false).bytes
        return Expanded(
            value: String(decoding: output, as: UTF8.self), isKnown: state.unknown.isEmpty && state.error == nil,
            unknownVariables: state.unknown, error: state.error)
    }

    struct State {
        let bytes: [UInt8]
        var index = 0
        var unknown: [String] = []
        var error: String?
        var depth = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func noteUnknown(_ name: String) {
            if !unknown.contains(name) { unknown.append(name) }
        }
    }

    /// Reads until one of `stops` (consumed) or the end. Returns the text and the stop found.
    private func process(_ state: inout State, stops: [UInt8], rawEscapes: Bool) -> (bytes: [UInt8], stop: UInt8?) {
        var out: [UInt8] = []
        while let byte = state.peek {
            if out.count > VariableExpander.maxExpansion || state.error == VariableExpander.tooLarge {
                // Too large: stop here, drop what was built, and skip the rest of the word.
                state.error = VariableExpander.tooLarge
                state.index = state.bytes.count
                return ([], nil)
            }
            if stops.contains(byte) {
                state.index += 1
                return (out, byte)
            }
            state.index += 1
            switch byte {
            case UInt8(ascii: "'"):
                // Single quotes: literal up to the next single quote.
                if rawEscapes { out.append(byte) }
                var closed = false
                while let next = state.next() {
                    if next == UInt8(ascii: "'") {
                        closed = true
                        break
                    }
                    out.append(next)
                }
                if !closed {
                    state.error = state.error ?? "unexpected end of statement while looking for matching single-quote"
                } else if rawEscapes {
                    out.append(byte)
                }
            case UInt8(ascii: "\""):
                if rawEscapes { out.append(byte) }
                var closed = false
                while let next = state.next() {
                    if next == UInt8(ascii: "\"") {
                        closed = true
                        break
                    }
                    if next == UInt8(ascii: "$") {
                        out += dollar(&state)
                    } else if next == escape {
                        guard let escaped = state.peek else { break }
                        if escaped == UInt8(ascii: "\"") || escaped == UInt8(ascii: "$") || escaped == escape {
                            if rawEscapes { out.append(next) }
                            out.append(escaped)
                            state.index += 1
                        } else {
                            out.append(next)
                        }
                    } else {
                        out.append(next)
                    }
                }
                if !closed {
                    state.error = state.error ?? "unexpected end of statement while looking for matching double-quote"
                } else if rawEscapes {
                    out.append(byte)
                }
            case UInt8(ascii: "$"):
                out += dollar(&state)
            case escape:
                guard let escaped = state.next() else { break }
                if rawEscapes { out.append(byte) }
                out.append(escaped)
            default:
                out.append(byte)
            }
        }
        return (out, nil)
    }

    private func name(_ state: inout State) -> String {
        let start = state.index
        guard let first = state.peek else { return "" }
        if isDigit(first) {
            while let byte = state.peek, isDigit(byte) { state.index += 1 }
            return String(decoding: state.bytes[start..<state.index], as: UTF8.self)
        }
        if "@*#?-$!".utf8.contains(first) {
            state.index += 1
            return String(UnicodeScalar(first))
        }
        while let byte = state.peek, isNameByte(byte) { state.index += 1 }
        return String(decoding: state.bytes[start..<state.index], as: UTF8.self)
    }

    /// After `$`.
    private func dollar(_ state: inout State) -> [UInt8] {
        let dollarStart = state.index - 1
        guard state.peek == UInt8(ascii: "{") else {
            let variable = name(&state)
            if variable.isEmpty { return [UInt8(ascii: "$")] }
            switch resolve(variable) {
            case .set(let value): return Array(value.utf8)
            case .unset: return []
            case .unknown:
                state.noteUnknown(variable)
                return Array(state.bytes[dollarStart..<state.index])
            }
        }
        state.index += 1
        guard let first = state.peek else {
            state.error = state.error ?? "syntax error: missing '}'"
            return []
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "}") || first == UInt8(ascii: ":") {
            state.error = state.error ?? "syntax error: bad substitution"
            skipToBrace(&state)
            return []
        }
        let variable = name(&state)
        guard let modifier = state.next() else {
            state.error = state.error ?? "syntax error: missing '}'"
            return []
        }
        let resolved = resolve(variable)
        func symbolic(_ state: inout State) -> [UInt8] {
            state.noteUnknown(variable)
            return Array(state.bytes[dollarStart..<state.index])
        }
        guard state.depth < 64 else {
            skipToBrace(&state)
            return symbolic(&state)
        }
        state.depth += 1
        defer { state.depth -= 1 }
        switch modifier {
        case UInt8(ascii: "}"):
            switch resolved {
            case .set(let value): return Array(value.utf8)
            case .unset: return []
            case .unknown: return symbolic(&state)
            }
        case UInt8(ascii: ":"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: "#"),
            UInt8(ascii: "%"):
            var operation = modifier
            let nullIsUnset = modifier == UInt8(ascii: ":")
            if nullIsUnset {
                guard let next = state.next() else {
                    state.error = state.error ?? "syntax error: missing '}'"
                    return []
                }
                operation = next
            }
            let rawEscapes = operation == UInt8(ascii: "#") || operation == UInt8(ascii: "%")
            if nullIsUnset && rawEscapes {
                state.error =
                    state.error ?? "unsupported modifier (:\(Character(UnicodeScalar(operation)))) in substitution"
                skipToBrace(&state)
                return []
            }
            let unknownBefore = state.unknown.count
            var (word, stop) = process(&state, stops: [UInt8(ascii: "}")], rawEscapes: rawEscapes)
            if stop == nil { state.error = state.error ?? "syntax error: missing '}'" }
            let wordKnown = state.unknown.count == unknownBefore
            let value: String?
            switch resolved {
            case .set(let text): value = text
            case .unset: value = nil
            case .unknown: return symbolic(&state)
            }
            let isEmptyOrUnset = value == nil || (nullIsUnset && value == "")
            switch operation {
            case UInt8(ascii: "-"):
                return isEmptyOrUnset ? word : Array((value ?? "").utf8)
            case UInt8(ascii: "+"):
                return isEmptyOrUnset ? [] : word
            case UInt8(ascii: "?"):
                if isEmptyOrUnset {
                    let message =
                        word.isEmpty
                        ? (value == nil ? "is not allowed to be unset" : "is not allowed to be empty")
                        : String(decoding: word, as: UTF8.self)
                    state.error = state.error ?? "\(variable): \(message)"
                    return []
                }
                return Array((value ?? "").utf8)
            case UInt8(ascii: "#"), UInt8(ascii: "%"):
                guard wordKnown else { return symbolic(&state) }
                var greedy = false
                if word.first == operation {
                    greedy = true
                    word.removeFirst()
                }
                let text = Array((value ?? "").utf8)
                return operation == UInt8(ascii: "#")
                    ? Glob.trimPrefix(pattern: word, from: text, greedy: greedy)
                    : Glob.trimSuffix(pattern: word, from: text, greedy: greedy)
            default:
                state.error =
                    state.error
                    ?? "unsupported modifier (\(String(decoding: [modifier, operation], as: UTF8.self))) in substitution"
                return []
            }
        case UInt8(ascii: "/"):
            var replaceAll = false
            if state.peek == UInt8(ascii: "/") {
                replaceAll = true
                state.index += 1
            }
            let unknownBefore = state.unknown.count
            let (pattern, stop) = process(&state, stops: [UInt8(ascii: "/"), UInt8(ascii: "}")], rawEscapes: true)
            var replacement: [UInt8] = []
            if stop == UInt8(ascii: "/") {
                let (text, end) = process(&state, stops: [UInt8(ascii: "}")], rawEscapes: true)
                replacement = text
                if end == nil { state.error = state.error ?? "syntax error: missing '}'" }
            } else if stop == nil {
                state.error = state.error ?? "syntax error: missing '}'"
            }
            switch resolved {
            case .set(let value):
                guard state.unknown.count == unknownBefore else { return symbolic(&state) }
                return Glob.replace(
                    pattern: pattern, in: Array(value.utf8), with: replacement, all: replaceAll)
            case .unset: return []
            case .unknown: return symbolic(&state)
            }
        default:
            state.error = state.error ?? "unsupported modifier (\(Character(UnicodeScalar(modifier)))) in substitution"
            skipToBrace(&state)
            return []
        }
    }

    private func skipToBrace(_ state: inout State) {
        while let byte = state.next(), byte != UInt8(ascii: "}") {}
    }

    private enum Resolution {
        case set(String)
        case unset
        case unknown
    }

    private func resolve(_ name: String) -> Resolution {
        if let value = lookup(name) {
            switch value {
            case .known(let text, _): return .set(text)
            case .unknown: return .unknown
            }
        }
        if undeclaredIsUnset && !Self.platformArgs.contains(name) { return .unset }
        return .unknown
    }
}

func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == 0x5F
}

/// Shell glob patterns (`*`, `?`, `[…]`, backslash escapes) for the `#`, `%` and `/` substitutions.
enum Glob {
    /// Longest input handled by the pattern forms (each is quadratic in the value length); longer values are
    /// returned unchanged.
    static let limit = 4096

    static func matches(_ pattern: [UInt8], _ text: ArraySlice<UInt8>) -> Bool {
        var p = 0
        var t = text.startIndex
        var starP = -1
        var starT = 0
        while t < text.endIndex {
            if p < pattern.count {
                let byte = pattern[p]
                if byte == UInt8(ascii: "*") {
                    starP = p
                    starT = t
                    p += 1
                    continue
                }
                if let next = matchOne(pattern, p, text[t]) {
                    p = next
                    t += 1
                    continue
                }
            }
            if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
                continue
            }
            return false
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// If pattern element at `p` matches `byte`, the index after the element.
    private static func matchOne(_ pattern: [UInt8], _ p: Int, _ byte: UInt8) -> Int? {
        let element = pattern[p]
        switch element {
        case UInt8(ascii: "?"):
            return p + 1
        case UInt8(ascii: "\\"):
            guard p + 1 < pattern.count else { return byte == element ? p + 1 : nil }
            return pattern[p + 1] == byte ? p + 2 : nil
        case UInt8(ascii: "["):
            var index = p + 1
            var negate = false
            if index < pattern.count, pattern[index] == UInt8(ascii: "!") || pattern[index] == UInt8(ascii: "^") {
                negate = true
                index += 1
            }
            var matched = false
            var first = true
            while index < pattern.count, pattern[index] != UInt8(ascii: "]") || first {
                first = false
                let low = pattern[index]
                if index + 2 < pattern.count, pattern[index + 1] == UInt8(ascii: "-"),
                    pattern[index + 2] != UInt8(ascii: "]")
                {
                    if byte >= low && byte <= pattern[index + 2] { matched = true }
                    index += 3
                } else {
                    if byte == low { matched = true }
                    index += 1
                }
            }
            guard index < pattern.count else { return byte == element ? p + 1 : nil }
            return matched != negate ? index + 1 : nil
        default:
            return byte == element ? p + 1 : nil
        }
    }

    static func trimPrefix(pattern: [UInt8], from text: [UInt8], greedy: Bool) -> [UInt8] {
        guard text.count <= limit else { return text }
        let lengths = greedy ? Array((0...text.count).reversed()) : Array(0...text.count)
        for length in lengths where matches(pattern, text[0..<length]) {
            return Array(text[length...])
        }
        return text
    }

    static func trimSuffix(pattern: [UInt8], from text: [UInt8], greedy: Bool) -> [UInt8] {
        guard text.count <= limit else { return text }
        let starts = greedy ? Array(0...text.count) : Array((0...text.count).reversed())
        for start in starts where matches(pattern, text[start...]) {
            return Array(text[..<start])
        }
        return text
    }

    static func replace(pattern: [UInt8], in text: [UInt8], with replacement: [UInt8], all: Bool) -> [UInt8] {
        guard text.count <= limit, !pattern.isEmpty else { return text }
        var out: [UInt8] = []
        var index = 0
        var replaced = false
        while index < text.count {
            if !replaced || all {
                // Longest match starting here.
                var found = -1
                var end = text.count
                while end > index {
                    if matches(pattern, text[index..<end]) {
                        found = end
                        break
                    }
                    end -= 1
                }
                if found > index {
                    out += replacement
                    index = found
                    replaced = true
                    continue
                }
            }
            out.append(text[index])
            index += 1
        }
        return out
    }
}
