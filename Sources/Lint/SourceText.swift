import Findings

/// A Dockerfile's text with a line table: maps 1-based lines to UTF-8 byte offsets, for fixes and suppressions.
public struct SourceText: Sendable {
    public let text: String
    public let bytes: [UInt8]
    /// Byte offset of the start of each line (index 0 is line 1).
    public let lineStarts: [Int]

    public init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The bytes of `line` (1-based) without its line ending.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    /// The text of `line` (1-based) without its line ending.
    public func line(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// The byte offset of 1-based `line` and character `column`.
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return bytes.count }
        var offset = lineStarts[line - 1]
        var remaining = column - 1
        while remaining > 0, offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            remaining -= 1
        }
        return offset
    }

    /// The byte offset just after the last character of `line` (before `\r\n` or `\n`).
    public func endOffset(line: Int) -> Int {
        let slice = lineBytes(line)
        return slice.endIndex
    }

    /// The line ending of the line that `offset` is on (`"\r\n"` or `"\n"`), so a fix that breaks a line keeps
    /// the file's line endings; `"\n"` on a last line without one.
    public func lineEnding(after offset: Int) -> String {
        var index = max(0, offset)
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        return index > 0 && index < bytes.count && bytes[index - 1] == UInt8(ascii: "\r") ? "\r\n" : "\n"
    }

    /// The text between two byte offsets.
    public func text(from start: Int, to end: Int) -> String {
        String(decoding: bytes[max(0, start)..<min(bytes.count, max(start, end))], as: UTF8.self)
    }
}
