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
/// 1-based (line, scalar column) ranges and LSP's UTF-16 positions. Lines end at `\n` (a `\r` before it belongs
/// to no line), as the linter counts them. Every conversion clamps: a position past a line's end is its end, past
/// the last line the document's end, inside a scalar its start.
public struct TextDocument: Sendable {
    public private(set) var bytes: [UInt8]
    public private(set) var lineStarts: [Int]
    public var version: Int

    public init(_ text: String, version: Int = 0) {
        bytes = Array(text.utf8)
        lineStarts = TextDocument.lineStarts(bytes)
        self.version = version
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return starts
    }

    /// The byte just past the last character of the 0-based `line` (before `\r\n` or `\n`).
    private func lineContentEnd(_ line: Int) -> Int {
        guard line + 1 < lineStarts.count else { return bytes.count }
        var end = lineStarts[line + 1] - 1
        if end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
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
        // The last line starting at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let line = low
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
        guard line <= lineStarts.count else { return bytes.count }
        var offset = lineStarts[line - 1]
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
            return
        }
        let start = offset(of: range.start)
        let end = max(start, offset(of: range.end))
        bytes.replaceSubrange(start..<end, with: text.utf8)
        // Line starts before the edit stay; the rest are recounted.
        let firstLine = position(ofLineStartingBefore: start)
        var starts = Array(lineStarts[...firstLine])
        var index = lineStarts[firstLine]
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
            index += 1
        }
        lineStarts = starts
    }

    private func position(ofLineStartingBefore offset: Int) -> Int {
        var line = 0
        while line + 1 < lineStarts.count, lineStarts[line + 1] <= offset { line += 1 }
        return line
    }
}
