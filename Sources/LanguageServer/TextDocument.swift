import Findings

/// An LSP position: a 0-based line and a 0-based offset in UTF-16 code units within it (LSP's default encoding).
public struct Position: Sendable, Hashable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (a: Position, b: Position) -> Bool {
        a.line != b.line ? a.line < b.line : a.character < b.character
    }

    init?(_ value: JSONValue?) {
        guard let line = value?["line"]?.intValue, let character = value?["character"]?.intValue else { return nil }
        self.init(line: line, character: character)
    }

    var json: JSONValue { .object(["line": .int(line), "character": .int(character)]) }
}

/// An LSP range: start inclusive, end exclusive.
public struct LSPRange: Sendable, Hashable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    init?(_ value: JSONValue?) {
        guard let start = Position(value?["start"]), let end = Position(value?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    var json: JSONValue { .object(["start": start.json, "end": end.json]) }
}

/// An open document's text as UTF-8 bytes with its line starts, converting between the linter's byte offsets and
/// 1-based (line, scalar column) ranges and LSP's UTF-16 positions. Two line tables, because the two sides count
/// lines differently:
/// - LSP's (`lineStarts`): the specification ends a line at `\n`, `\r\n` or a lone `\r` (old Mac files), and
///   every position a client sends or receives counts lines that way;
/// - the linter's (`linterLineStarts`): BuildKit splits lines at `\n` only (a lone `\r` is whitespace inside a
///   line), and so do `Source` and every finding's range (whose line 1 starts after a byte-order mark).
/// A finding is mapped through the byte offset it names, so it points at the same characters in both. Every
/// conversion clamps: a position past a line's end is its end, past the last line the document's end, inside a
/// scalar its start.
public struct TextDocument: Sendable {
    public private(set) var bytes: [UInt8]
    /// Where each of LSP's lines starts (after `\n`, `\r\n` or a lone `\r`).
    public private(set) var lineStarts: [Int]
    /// Where each of the linter's lines starts (after `\n`).
    public private(set) var linterLineStarts: [Int]
    public var version: Int

    public init(_ text: String, version: Int = 0) {
        bytes = Array(text.utf8)
        lineStarts = TextDocument.lineStarts(bytes)
        linterLineStarts = TextDocument.linterLineStarts(bytes)
        self.version = version
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        appendLineStarts(bytes, from: 0, to: &starts)
        return starts
    }

    /// As `Source` counts them: the first line starts after a UTF-8 byte-order mark, if the text has one.
    static func linterLineStarts(_ bytes: [UInt8]) -> [Int] {
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var starts = [bom ? 3 : 0]
        appendLinterLineStarts(bytes, from: starts[0], to: &starts)
        return starts
    }

    /// LSP's line starts after `index` (itself a line start): after every `\n`, and after every `\r` not followed
    /// by `\n` (the `\n` of a `\r\n` ends the line).
    private static func appendLineStarts(_ bytes: [UInt8], from index: Int, to starts: inout [Int]) {
        var index = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: "\r") && (index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n")))
            {
                starts.append(index + 1)
            }
            index += 1
        }
    }

    private static func appendLinterLineStarts(_ bytes: [UInt8], from index: Int, to starts: inout [Int]) {
        var index = index
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
            index += 1
        }
    }

    /// The byte just past the last character of LSP's 0-based `line` (before its `\r\n`, `\n` or `\r`).
    private func lineContentEnd(_ line: Int) -> Int {
        guard line + 1 < lineStarts.count else { return bytes.count }
        var end = lineStarts[line + 1] - 1
        if bytes[end] == UInt8(ascii: "\n"), end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return end
    }

    /// The length in bytes of the UTF-8 sequence starting with `lead`.
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }

    /// The byte offset of an LSP position.
    public func offset(of position: Position) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        var offset = lineStarts[position.line]
        let end = lineContentEnd(position.line)
        var units = 0
        while offset < end, units < position.character {
            let length = TextDocument.sequenceLength(bytes[offset])
            let unitsHere = length == 4 ? 2 : 1
            if units + unitsHere > position.character { break }  // Inside a surrogate pair: its start.
            units += unitsHere
            offset = min(end, offset + length)
        }
        return offset
    }

    /// The LSP position of a byte offset (clamped to the document, moved back to a scalar's start).
    public func position(of offset: Int) -> Position {
        var offset = max(0, min(offset, bytes.count))
        while offset > 0, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        let line = Self.line(holding: offset, in: lineStarts)
        let target = min(offset, lineContentEnd(line))
        var index = lineStarts[line]
        var units = 0
        while index < target {
            let length = TextDocument.sequenceLength(bytes[index])
            units += length == 4 ? 2 : 1
            index += length
        }
        return Position(line: line, character: units)
    }

    /// The byte offset of the linter's 1-based `line` and scalar `column` (as `SourceText.offset` counts them).
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= linterLineStarts.count else { return bytes.count }
        var offset = linterLineStarts[line - 1]
        var remaining = column - 1
        while remaining > 0, offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
            offset = min(bytes.count, offset + TextDocument.sequenceLength(bytes[offset]))
            remaining -= 1
        }
        return offset
    }

    /// A finding's range in LSP positions.
    public func range(of range: SourceRange) -> LSPRange {
        let start = position(of: offset(line: range.line, column: range.column))
        let end = position(of: offset(line: range.endLine, column: range.endColumn))
        return LSPRange(start: start, end: max(start, end))
    }

    /// Replaces `range` (the whole text when `nil`) with `text`: an incremental `didChange` change.
    public mutating func replace(_ range: LSPRange?, with text: String) {
        guard let range else {
            bytes = Array(text.utf8)
            lineStarts = TextDocument.lineStarts(bytes)
            linterLineStarts = TextDocument.linterLineStarts(bytes)
            return
        }
        let start = offset(of: range.start)
        let end = max(start, offset(of: range.end))
        bytes.replaceSubrange(start..<end, with: text.utf8)
        // Line starts before the edit stay; the rest are recounted from the start of the line that holds the byte
        // before the edit (a `\r` just before it may now be the first half of a `\r\n`, or no longer be).
        let firstLine = Self.line(holding: max(0, start - 1), in: lineStarts)
        var starts = Array(lineStarts[...firstLine])
        Self.appendLineStarts(bytes, from: lineStarts[firstLine], to: &starts)
        lineStarts = starts
        if start < 3 {
            linterLineStarts = Self.linterLineStarts(bytes)  // The byte-order mark may have come or gone.
        } else {
            let firstLinterLine = Self.line(holding: start, in: linterLineStarts)
            var linterStarts = Array(linterLineStarts[...firstLinterLine])
            Self.appendLinterLineStarts(bytes, from: linterLineStarts[firstLinterLine], to: &linterStarts)
            linterLineStarts = linterStarts
        }
    }

    /// The index of the last line of `starts` that starts at or before `offset` (binary search).
    private static func line(holding offset: Int, in starts: [Int]) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
