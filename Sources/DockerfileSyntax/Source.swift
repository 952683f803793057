/// A point in a Dockerfile.
///
/// `line` and `column` are 1-based; `column` counts Unicode scalars from the start of the line (a UTF-8 BOM on the
/// first line is not counted). `offset` is the 0-based UTF-8 byte offset into the file's bytes, so fixes can edit
/// the source exactly.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int
    /// 0-based UTF-8 byte offset in the file.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }

    public var description: String { "\(line):\(column)" }
}

/// A range of a Dockerfile: `start` inclusive, `end` exclusive (its `offset` is one past the last byte).
public struct SourceSpan: Sendable, Hashable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// The byte range in the file, for slicing `Source.bytes` or replacing text.
    public var byteRange: Range<Int> { start.offset..<max(start.offset, end.offset) }

    public var description: String { "\(start)-\(end)" }
}

/// The bytes of a Dockerfile and its line table.
public struct Source: Sendable {
    /// The file exactly as read.
    public let bytes: [UInt8]
    /// The byte offset where each line starts (index 0 is line 1; after a BOM if there is one).
    public let lineStarts: [Int]
    /// Whether the file starts with a UTF-8 byte-order mark.
    public let hasBOM: Bool
    /// Whether every byte is ASCII (columns are then byte columns, computed in constant time).
    let isASCII: Bool

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        hasBOM = bom
        var starts = [bom ? 3 : 0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var high: UInt8 = 0
        bytes.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                let byte = buffer[index]
                high |= byte
                if byte == 0x0A { starts.append(index + 1) }
            }
        }
        lineStarts = starts
        isASCII = high & 0x80 == 0 || (bom && bytes.dropFirst(3).allSatisfy { $0 & 0x80 == 0 })
    }

    /// Number of lines (a final line without a newline counts; an empty last line after a final newline too).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line holding `offset` (offsets past the end map to the last line).
    public func line(ofOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The line, column and offset of a byte offset (clamped to the file).
    public func position(ofOffset rawOffset: Int) -> SourcePosition {
        let offset = min(max(rawOffset, 0), bytes.count)
        let line = line(ofOffset: offset)
        let start = lineStarts[line - 1]
        var column = 1
        if isASCII {
            column = max(1, offset - start + 1)
        } else if start < offset {
            bytes.withUnsafeBufferPointer { buffer in
                for index in start..<offset where buffer[index] & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }

    /// The span covering the byte range `range`.
    public func span(_ range: Range<Int>) -> SourceSpan {
        SourceSpan(start: position(ofOffset: range.lowerBound), end: position(ofOffset: range.upperBound))
    }

    /// The text of a 1-based line, without its line ending.
    public func text(ofLine line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The text of a byte range, decoded as UTF-8 (invalid sequences become U+FFFD).
    public func text(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// Resolves offsets to positions in increasing order in amortised constant time, so a 1 MB line with many words
/// stays linear.
struct PositionCursor {
    let source: Source
    private var lastOffset = -1
    private var lastLine = 1
    private var lastColumn = 1

    init(source: Source) {
        self.source = source
    }

    mutating func position(_ rawOffset: Int) -> SourcePosition {
        let offset = min(max(rawOffset, 0), source.bytes.count)
        if source.isASCII {
            // Same line as last time: no search.
            let lineStart = source.lineStarts[lastLine - 1]
            let lineEnd = lastLine < source.lineStarts.count ? source.lineStarts[lastLine] : Int.max
            if offset >= lineStart, offset < lineEnd {
                return SourcePosition(line: lastLine, column: max(1, offset - lineStart + 1), offset: offset)
            }
            let position = source.position(ofOffset: offset)
            lastLine = position.line
            return position
        }
        if lastOffset >= 0, offset >= lastOffset {
            let lineEnd = lastLine < source.lineStarts.count ? source.lineStarts[lastLine] : Int.max
            if offset < lineEnd {
                var column = lastColumn
                source.bytes.withUnsafeBufferPointer { buffer in
                    for index in lastOffset..<offset where buffer[index] & 0xC0 != 0x80 {
                        column += 1
                    }
                }
                lastOffset = offset
                lastColumn = column
                return SourcePosition(line: lastLine, column: column, offset: offset)
            }
        }
        let position = source.position(ofOffset: offset)
        lastOffset = offset
        lastLine = position.line
        lastColumn = position.column
        return position
    }

    mutating func span(_ range: Range<Int>) -> SourceSpan {
        let start = position(range.lowerBound)
        return SourceSpan(start: start, end: position(range.upperBound))
    }
}
