/// Maps offsets in a logical line (continuations joined) or a script back to byte offsets in the file.
struct OffsetMap: Sendable, Hashable {
    /// Segment starts in logical coordinates (ascending) and the file offset each maps to.
    var logicalStarts: [Int] = []
    var fileStarts: [Int] = []
    /// Added to offsets before lookup (for sub-ranges of a line).
    var base = 0
    /// When set, every offset maps to this range (text that cannot be mapped exactly, such as `sh -c` strings
    /// with escapes).
    var fixed: Range<Int>?

    static func contiguous(at fileOffset: Int) -> OffsetMap {
        OffsetMap(logicalStarts: [0], fileStarts: [fileOffset])
    }

    static func fixed(_ range: Range<Int>) -> OffsetMap {
        OffsetMap(fixed: range)
    }

    mutating func addSegment(logical: Int, file: Int) {
        logicalStarts.append(logical)
        fileStarts.append(file)
    }

    func file(_ offset: Int) -> Int {
        if let fixed { return fixed.lowerBound }
        guard !logicalStarts.isEmpty else { return 0 }
        let target = offset + base
        var low = 0
        var high = logicalStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if logicalStarts[mid] <= target { low = mid } else { high = mid - 1 }
        }
        return fileStarts[low] + (target - logicalStarts[low])
    }

    /// The file offset just after the byte before `offset` (for exclusive ends).
    func fileEnd(_ offset: Int) -> Int {
        if let fixed { return fixed.upperBound }
        guard let first = logicalStarts.first else { return 0 }
        if offset + base <= first { return file(offset) }
        return file(offset - 1) + 1
    }

    func range(_ range: Range<Int>) -> Range<Int> {
        let start = file(range.lowerBound)
        return start..<max(start, fileEnd(range.upperBound))
    }

    func shifted(by amount: Int) -> OffsetMap {
        var copy = self
        copy.base += amount
        return copy
    }
}

/// ASCII whitespace as BuildKit's `reWhitespace` (`[\t\v\f\r ]`) plus newline.
@inline(__always) func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
}

/// A word found in a byte range: its range in the buffer.
struct RawWord {
    var range: Range<Int>
}

enum Lexing {
    /// BuildKit's `parseWords`: splits on whitespace, keeping quotes and escapes in the words; the escape character
    /// escapes quotes outside single quotes.
    static func words(_ bytes: [UInt8], in range: Range<Int>, escape: UInt8) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            while index < end, isSpace(bytes[index]) { index += 1 }
            guard index < end else { break }
            let start = index
            var quote: UInt8 = 0
            while index < end {
                let byte = bytes[index]
                if quote == 0 {
                    if isSpace(byte) { break }
                    if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                        quote = byte
                    } else if byte == escape {
                        index += 1
                    }
                } else {
                    if byte == quote {
                        quote = 0
                    } else if byte == escape && quote != UInt8(ascii: "'") {
                        index += 1
                    }
                }
                index += 1
            }
            index = min(index, end)
            result.append(start..<index)
        }
        return result
    }

    /// BuildKit's `parseStringsWhitespaceDelimited`: split on whitespace only.
    static func whitespaceWords(_ bytes: [UInt8], in range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = range.lowerBound
        while index < range.upperBound {
            while index < range.upperBound, isSpace(bytes[index]) { index += 1 }
            guard index < range.upperBound else { break }
            let start = index
            while index < range.upperBound, !isSpace(bytes[index]) { index += 1 }
            result.append(start..<index)
        }
        return result
    }

    /// A flag word found by BuildKit's `extractBuilderFlags`: where it is and its text with quotes removed.
    struct FlagWord {
        var range: Range<Int>
        var text: [UInt8]
    }

    /// BuildKit's `extractBuilderFlags`: leading `--words` (quotes and backslashes processed), and where the rest
    /// starts.
    static func builderFlags(_ bytes: [UInt8], in range: Range<Int>) -> (flags: [FlagWord], rest: Int) {
        var flags: [FlagWord] = []
        var index = range.lowerBound
        let end = range.upperBound
        while true {
            while index < end, isSpace(bytes[index]) { index += 1 }
            guard index < end else { return (flags, end) }
            guard bytes[index] == UInt8(ascii: "-"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "-") else {
                return (flags, index)
            }
            let start = index
            var text: [UInt8] = []
            var quote: UInt8 = 0
            var blankOK = false
            while index < end {
                let byte = bytes[index]
                if quote == 0 {
                    if isSpace(byte) { break }
                    if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                        quote = byte
                        blankOK = true
                        index += 1
                        continue
                    }
                } else if byte == quote {
                    quote = 0
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\\") {
                    if index + 1 == end {
                        index += 1
                        continue
                    }
                    index += 1
                    text.append(bytes[index])
                    index += 1
                    continue
                }
                text.append(byte)
                index += 1
            }
            if text == [UInt8(ascii: "-"), UInt8(ascii: "-")] {
                // `--` ends the flags.
                if index >= end { return (flags, end) }
                return (flags, index)
            }
            if blankOK || !text.isEmpty {
                flags.append(FlagWord(range: start..<index, text: text))
            }
        }
    }

    /// Trims ASCII whitespace from both ends of `range`.
    static func trim(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high, isSpace(bytes[low]) { low += 1 }
        while high > low, isSpace(bytes[high - 1]) { high -= 1 }
        return low..<high
    }

    /// The first `=` in `range`, if any.
    static func firstEquals(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        range.first { bytes[$0] == UInt8(ascii: "=") }
    }
}

/// The result of reading an instruction's arguments as a JSON array.
enum JSONArrayResult {
    /// Not a JSON array (BuildKit then uses the shell form).
    case notJSON
    /// Valid JSON, but not only strings: BuildKit rejects it.
    case notStrings
    /// The strings, decoded, and the range of each literal.
    case strings([(value: String, range: Range<Int>)])
}

/// A strict JSON reader for exec-form arguments, as Go's `encoding/json` decodes `[]interface{}`.
struct JSONArrayReader {
    let bytes: [UInt8]
    var index: Int
    let end: Int
    var depth = 0

    static func read(_ bytes: [UInt8], in range: Range<Int>) -> JSONArrayResult {
        var reader = JSONArrayReader(bytes: bytes, index: range.lowerBound, end: range.upperBound)
        reader.skipSpace()
        guard reader.index < reader.end, bytes[reader.index] == UInt8(ascii: "[") else { return .notJSON }
        reader.index += 1
        var strings: [(value: String, range: Range<Int>)] = []
        var allStrings = true
        reader.skipSpace()
        if reader.peek == UInt8(ascii: "]") {
            reader.index += 1
        } else {
            while true {
                reader.skipSpace()
                let start = reader.index
                if reader.peek == UInt8(ascii: "\"") {
                    guard let value = reader.string() else { return .notJSON }
                    strings.append((value, start..<reader.index))
                } else {
                    guard reader.value() else { return .notJSON }
                    allStrings = false
                }
                reader.skipSpace()
                guard let next = reader.peek else { return .notJSON }
                reader.index += 1
                if next == UInt8(ascii: "]") { break }
                guard next == UInt8(ascii: ",") else { return .notJSON }
            }
        }
        reader.skipSpace()
        guard reader.index == reader.end else { return .notJSON }
        return allStrings ? .strings(strings) : .notStrings
    }

    var peek: UInt8? { index < end ? bytes[index] : nil }

    mutating func skipSpace() {
        while index < end,
            bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
        {
            index += 1
        }
    }

    /// Any JSON value; false when invalid.
    mutating func value() -> Bool {
        guard let byte = peek else { return false }
        switch byte {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            guard depth < 256 else { return false }
            depth += 1
            defer { depth -= 1 }
            let isObject = byte == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipSpace()
            if peek == close {
                index += 1
                return true
            }
            while true {
                skipSpace()
                if isObject {
                    guard peek == UInt8(ascii: "\""), string() != nil else { return false }
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return false }
                    index += 1
                    skipSpace()
                }
                guard value() else { return false }
                skipSpace()
                guard let next = peek else { return false }
                index += 1
                if next == close { return true }
                guard next == UInt8(ascii: ",") else { return false }
            }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - index >= count else { return false }
        let matches = word.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
        }
        if matches { index += count }
        return matches
    }

    mutating func number() -> Bool {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, isDigit(first) else { return false }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            while let byte = peek, isDigit(byte) { index += 1 }
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard let byte = peek, isDigit(byte) else { return false }
            while let byte = peek, isDigit(byte) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let byte = peek, isDigit(byte) else { return false }
            while let byte = peek, isDigit(byte) { index += 1 }
        }
        return index > start
    }

    /// A JSON string at `index` (which is `"`); nil when invalid.
    mutating func string() -> String? {
        index += 1
        var out: [UInt8] = []
        while index < end {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { return nil }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if scalar >= 0xD800 && scalar < 0xDC00, end - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        let save = index
                        index += 2
                        if let low = hex4(), low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                        }
                    }
                    let character = UnicodeScalar(scalar) ?? "\u{FFFD}"
                    out += Array(String(character).utf8)
                default:
                    return nil
                }
            default:
                if byte < 0x20 { return nil }
                out.append(byte)
            }
        }
        return nil
    }

    mutating func hex4() -> UInt32? {
        guard end - index >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
