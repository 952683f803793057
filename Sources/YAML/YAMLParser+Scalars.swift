extension Parser {
    // MARK: Plain scalars

    /// A plain scalar: in block context it may continue on lines indented more than `indent`, folded; in flow
    /// context it ends at `,[]{}` too.
    mutating func plainScalar(flow: Bool, indent: Int) throws(YAMLError) -> String {
        try checkPlainStart(flow: flow)
        var text: [UInt8] = []
        var pending: [UInt8] = []  // the folded whitespace between two runs, added when another run follows
        while true {
            if peek() == 0x23 { break }  // a comment (only reached after whitespace)
            let begin = index
            while !isBlankOrEnd() {
                let byte = peek()
                if byte == 0x3A && (isBlankOrEnd(1) || flow && isFlowIndicator(peek(1))) { break }
                if flow && isFlowIndicator(byte) { break }
                index += 1
            }
            if index == begin { break }
            text += pending
            text += bytes[begin..<index]
            // Remember where this run ended, so that trailing whitespace and breaks that lead nowhere are kept
            // for the caller.
            let end = (index, line, lineStart)
            guard let folded = plainSpaces(), !atEnd else {
                (index, line, lineStart) = end
                break
            }
            if peek() == 0x23 || (!flow && column <= indent) || (flow && isFlowIndicator(peek())) {
                (index, line, lineStart) = end
                break
            }
            if line != end.1 && atDocumentMarker() {
                (index, line, lineStart) = end
                break
            }
            pending = folded
        }
        return String(decoding: text, as: UTF8.self)
    }

    func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x5B || byte == 0x5D || byte == 0x7B || byte == 0x7D
    }

    /// A plain scalar cannot start with an indicator, except `-`, `?` and `:` followed by a non-blank.
    func checkPlainStart(flow: Bool) throws(YAMLError) {
        let byte = peek()
        switch byte {
        case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D, 0x23, 0x26, 0x2A, 0x21, 0x7C, 0x3E, 0x27, 0x22, 0x25, 0x40, 0x60:
            throw YAMLError(.unexpected(found: describeCurrent(), expected: "a value"), at: mark)
        case 0x2D, 0x3F, 0x3A:
            if isBlankOrEnd(1) || flow && isFlowIndicator(peek(1)) {
                throw YAMLError(.unexpected(found: describeCurrent(), expected: "a value"), at: mark)
            }
        case 0:
            if atEnd { throw YAMLError(.unexpected(found: "the end of the text", expected: "a value"), at: mark) }
        default:
            if isBlankOrEnd() { throw YAMLError(.unexpected(found: describeCurrent(), expected: "a value"), at: mark) }
        }
    }

    /// The whitespace after a run of a plain scalar, folded: spaces as they are, one line break as a space, each
    /// further (empty) line as a newline. Nil when there was no whitespace (the scalar ends).
    mutating func plainSpaces() -> [UInt8]? {
        let begin = index
        while peek() == 0x20 || peek() == 0x09 { index += 1 }
        let spaces = Array(bytes[begin..<index])
        guard isBreak() else { return spaces.isEmpty ? nil : spaces }
        consumeBreak()
        var breaks: [UInt8] = []
        while true {
            while peek() == 0x20 || peek() == 0x09 { index += 1 }
            guard isBreak() else { break }
            consumeBreak()
            breaks.append(0x0A)
        }
        return breaks.isEmpty ? [0x20] : breaks
    }

    // MARK: Quoted scalars

    /// A single- or double-quoted scalar; line breaks inside fold as in a plain scalar.
    mutating func quotedScalar(double: Bool) throws(YAMLError) -> String {
        let start = mark
        let quote = peek()
        index += 1
        var text: [UInt8] = []
        while true {
            guard !atEnd else { throw YAMLError(.unterminatedQuote, at: start) }
            let byte = peek()
            switch byte {
            case quote:
                if !double && peek(1) == 0x27 {
                    text.append(0x27)
                    index += 2
                    continue
                }
                index += 1
                return String(decoding: text, as: UTF8.self)
            case 0x5C where double:
                if isBreak(1) {
                    index += 1
                    consumeBreak()
                    try quotedBreaks(into: &text, start: start)
                    continue
                }
                try escape(into: &text)
            case 0x20, 0x09:
                let begin = index
                while peek() == 0x20 || peek() == 0x09 { index += 1 }
                if isBreak() {
                    consumeBreak()
                    let count = text.count
                    try quotedBreaks(into: &text, start: start)
                    if text.count == count { text.append(0x20) }
                } else if !atEnd {
                    text += bytes[begin..<index]
                }
            case 0x0A, 0x0D:
                consumeBreak()
                let count = text.count
                try quotedBreaks(into: &text, start: start)
                if text.count == count { text.append(0x20) }
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    /// The empty lines and the indentation after a line break in a quoted scalar: a newline for each empty line.
    mutating func quotedBreaks(into text: inout [UInt8], start: YAMLMark) throws(YAMLError) {
        while true {
            if atDocumentMarker() { throw YAMLError(.unterminatedQuote, at: start) }
            while peek() == 0x20 || peek() == 0x09 { index += 1 }
            guard isBreak() else { return }
            consumeBreak()
            text.append(0x0A)
        }
    }

    /// One escape sequence of a double-quoted scalar, the backslash at the current position.
    mutating func escape(into text: inout [UInt8]) throws(YAMLError) {
        let start = mark
        index += 1
        let code = peek()
        index += 1
        let simple: [UInt8: [UInt8]] = [
            0x30: [0x00], 0x61: [0x07], 0x62: [0x08], 0x74: [0x09], 0x09: [0x09], 0x6E: [0x0A], 0x76: [0x0B],
            0x66: [0x0C], 0x72: [0x0D], 0x65: [0x1B], 0x20: [0x20], 0x22: [0x22], 0x2F: [0x2F], 0x5C: [0x5C],
            0x4E: [0xC2, 0x85], 0x5F: [0xC2, 0xA0], 0x4C: [0xE2, 0x80, 0xA8], 0x50: [0xE2, 0x80, 0xA9],
        ]
        if let bytes = simple[code] {
            text += bytes
            return
        }
        let length: Int
        switch code {
        case 0x78: length = 2
        case 0x75: length = 4
        case 0x55: length = 8
        default:
            index -= 1
            throw YAMLError(.invalidEscape(describeCurrent().trimmingQuotes), at: start)
        }
        guard index + length <= bytes.count, bytes[index..<(index + length)].allSatisfy(isHexDigit),
            let value = UInt32(String(decoding: bytes[index..<(index + length)], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(value)
        else {
            let end = min(index + length, bytes.count)
            throw YAMLError(
                .invalidEscape(String(decoding: bytes[(index - 1)..<end], as: UTF8.self)), at: start)
        }
        index += length
        text += Array(String(Character(scalar)).utf8)
    }

    // MARK: Block scalars

    /// A literal (`|`) or folded (`>`) block scalar; `indent` is the enclosing collection's column.
    mutating func blockScalar(indent: Int) throws(YAMLError) -> Parsed {
        let start = mark
        let folded = peek() == 0x3E
        index += 1
        // Header: chomping (`+` keep, `-` strip, clip otherwise) and an indentation digit, in either order.
        var chomping: UInt8?
        var increment: Int?
        for _ in 0..<2 {
            let byte = peek()
            if (byte == 0x2B || byte == 0x2D) && chomping == nil {
                chomping = byte
                index += 1
            } else if (0x31...0x39).contains(byte) && increment == nil {
                increment = Int(byte - 0x30)
                index += 1
            }
        }
        while peek() == 0x20 || peek() == 0x09 { index += 1 }
        if peek() == 0x23 && (bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09) {
            while !atEnd && !isBreak() { index += 1 }
        }
        guard atEnd || isBreak() else { throw YAMLError(.invalidBlockScalarHeader, at: mark) }
        if !atEnd { consumeBreak() }

        let minimum = max(indent + 1, 1)
        var contentIndent: Int
        var breaks: [UInt8] = []
        if let increment {
            contentIndent = minimum + increment - 1
            blockBreaks(indent: contentIndent, into: &breaks)
        } else {
            // The first non-empty line decides; leading empty lines count as breaks.
            var deepest = 0
            while true {
                while peek() == 0x20 { index += 1 }
                deepest = max(deepest, column)
                guard isBreak() else { break }
                consumeBreak()
                breaks.append(0x0A)
            }
            contentIndent = max(minimum, deepest)
        }

        var text: [UInt8] = []
        var lineBreak: [UInt8] = []
        while column == contentIndent && !atEnd && !atDocumentMarker() {
            text += breaks
            let leadingNonSpace = peek() != 0x20 && peek() != 0x09
            let begin = index
            while !atEnd && !isBreak() { index += 1 }
            text += bytes[begin..<index]
            lineBreak = []
            if !atEnd {
                consumeBreak()
                lineBreak = [0x0A]
            }
            breaks = []
            blockBreaks(indent: contentIndent, into: &breaks)
            guard column == contentIndent && !atEnd && !atDocumentMarker() else { break }
            if folded && lineBreak == [0x0A] && leadingNonSpace && peek() != 0x20 && peek() != 0x09 {
                if breaks.isEmpty { text.append(0x20) }
            } else {
                text += lineBreak
            }
        }
        if chomping != 0x2D { text += lineBreak }
        if chomping == 0x2B { text += breaks }
        let value = String(decoding: text, as: UTF8.self)
        let style: YAMLNode.ScalarStyle = folded ? .folded : .literal
        return Parsed(node: YAMLNode(.scalar(value, style), mark: start), weight: 1 + text.count)
    }

    /// Empty lines inside a block scalar, each a newline; the indentation up to `indent` of the next line.
    mutating func blockBreaks(indent: Int, into breaks: inout [UInt8]) {
        while true {
            while column < indent && peek() == 0x20 { index += 1 }
            guard isBreak() else { return }
            consumeBreak()
            breaks.append(0x0A)
        }
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        guard count >= 2, first == "'", last == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
