extension Dockerfile {
    /// Parses a Dockerfile from its bytes. Never fails: problems become ``errors``.
    public static func parse(_ bytes: [UInt8], path: String? = nil) -> Dockerfile {
        var parser = Parser(source: Source(bytes: bytes))
        parser.run()
        return parser.finish(path: path)
    }

    /// Parses a Dockerfile from text.
    public static func parse(_ text: String, path: String? = nil) -> Dockerfile {
        parse(Array(text.utf8), path: path)
    }
}

/// The line-level parser: BuildKit's `parser.Parse` (directives, comments, continuations, heredocs), then
/// `InstructionParser` for each logical line.
struct Parser {
    let source: Source
    var cursor: PositionCursor
    var escape: UInt8 = EscapeCharacter.backslash.rawValue
    var directivesDone = false
    var directives: [ParserDirective] = []
    var comments: [Comment] = []
    var errors: [SyntaxError] = []
    var warnings: [SyntaxError] = []
    var instructions: [Instruction] = []
    var nextLine = 0

    init(source: Source) {
        self.source = source
        cursor = PositionCursor(source: source)
    }

    /// Bounds of physical line `index`: content start, content end (before `\r\n` or `\n`).
    func bounds(_ index: Int) -> (start: Int, end: Int) {
        let start = source.lineStarts[index]
        var end = index + 1 < source.lineStarts.count ? source.lineStarts[index + 1] - 1 : source.bytes.count
        if end > start, source.bytes[end - 1] == 0x0D { end -= 1 }
        return (start, max(start, end))
    }

    func firstNonSpace(_ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end, isSpace(source.bytes[index]) { index += 1 }
        return index
    }

    /// If the line continues: where its escape character is. BuildKit's rule
    /// (`([^\\])\\[ \t]*$|^\\[ \t]*$` for backslash): the escape character and optional blanks end the line, and
    /// the escape is alone or preceded by something other than the escape (`a\\` is an escaped backslash, not a
    /// continuation; `a\\\` is one).
    func continuation(_ start: Int, _ end: Int) -> Int? {
        var index = end
        while index > start, source.bytes[index - 1] == 0x20 || source.bytes[index - 1] == 0x09 { index -= 1 }
        guard index > start, source.bytes[index - 1] == escape else { return nil }
        let escapeAt = index - 1
        if escapeAt == start || source.bytes[escapeAt - 1] != escape { return escapeAt }
        return nil
    }

    mutating func span(_ range: Range<Int>) -> SourceSpan { cursor.span(range) }

    mutating func run() {
        let lineCount = source.lineStarts.count
        while nextLine < lineCount {
            let (start, end) = bounds(nextLine)
            nextLine += 1
            let first = firstNonSpace(start, end)
            if first < end, source.bytes[first] == UInt8(ascii: "#") {
                recordComment(first, end, inside: false)
                if !directivesDone { directive(first, end) }
                continue
            }
            directivesDone = true
            if first == end { continue }
            readInstruction(first: first, end: end)
        }
    }

    mutating func recordComment(_ start: Int, _ end: Int, inside: Bool) {
        let text = source.text(Lexing.trim(source.bytes, (start + 1)..<end))
        let span = span(start..<end)
        comments.append(Comment(text: text, line: span.start.line, span: span, isInsideInstruction: inside))
    }

    /// `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`, for the names BuildKit knows.
    mutating func directive(_ start: Int, _ end: Int) {
        let bytes = source.bytes
        var index = start + 1
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        let nameStart = index
        guard index < end, isLetter(bytes[index]) else {
            directivesDone = true
            return
        }
        while index < end, isLetter(bytes[index]) || isDigit(bytes[index]) { index += 1 }
        let nameEnd = index
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: "=") else {
            directivesDone = true
            return
        }
        index += 1
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        var valueEnd = end
        while valueEnd > index, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        guard valueEnd > index else {
            directivesDone = true
            return
        }
        let name = source.text(nameStart..<nameEnd).lowercased()
        guard name == "syntax" || name == "escape" || name == "check" else {
            directivesDone = true
            return
        }
        let value = source.text(index..<valueEnd)
        let whole = span(start..<end)
        let valueSpan = span(index..<valueEnd)
        if directives.contains(where: { $0.name == name }) {
            errors.append(
                SyntaxError("only one \(name) parser directive can be used", span: whole, kind: .directive))
            return
        }
        directives.append(ParserDirective(name: name, value: value, span: whole, valueSpan: valueSpan))
        if name == "escape" {
            if value == "\\" {
                escape = EscapeCharacter.backslash.rawValue
            } else if value == "`" {
                escape = EscapeCharacter.backtick.rawValue
            } else {
                errors.append(
                    SyntaxError(
                        "invalid escape token '\(value)' does not match ` or \\", span: valueSpan, kind: .directive))
            }
        }
    }

    mutating func readInstruction(first: Int, end: Int) {
        var line = LogicalLine()
        var lastEnd = end
        var finished = true
        if let escapeAt = continuation(first, end) {
            line.append(source.bytes, first..<escapeAt)
            finished = false
        } else {
            line.append(source.bytes, first..<end)
        }
        let lineCount = source.lineStarts.count
        var sawEmptyLine = false
        while !finished && nextLine < lineCount {
            let (start, lineEnd) = bounds(nextLine)
            nextLine += 1
            let nonSpace = firstNonSpace(start, lineEnd)
            if nonSpace < lineEnd, source.bytes[nonSpace] == UInt8(ascii: "#") {
                recordComment(nonSpace, lineEnd, inside: true)
                continue
            }
            if nonSpace == lineEnd {
                // BuildKit warns once per instruction.
                guard !sawEmptyLine else { continue }
                sawEmptyLine = true
                warnings.append(
                    SyntaxError(
                        "Empty continuation line found in: \(source.text(first..<min(end, first + 60)))",
                        span: span(start..<lineEnd), kind: .emptyContinuation))
                continue
            }
            lastEnd = lineEnd
            if let escapeAt = continuation(start, lineEnd) {
                line.append(source.bytes, start..<escapeAt)
            } else {
                line.append(source.bytes, start..<lineEnd)
                finished = true
            }
        }
        var instructionParser = InstructionParser(
            line: line, escape: escape, index: instructions.count, source: source, cursor: cursor)
        var instruction = instructionParser.parse()
        cursor = instructionParser.cursor
        errors += instructionParser.errors
        instruction.lineSpan = span(first..<lastEnd)
        instruction.span = instruction.lineSpan

        let target = instruction.onbuild ?? instruction
        let canHaveHeredocs = [Keyword.run, .copy, .add].contains(target.keyword) && !target.isExecForm
        if canHaveHeredocs, line.contains(UInt8(ascii: "<"), UInt8(ascii: "<")) {
            var heredocs: [Heredoc] = []
            var unterminated: [Range<Int>] = []
            let markers = HeredocMarker.find(in: line.bytes, unterminated: &unterminated)
            for range in unterminated {
                errors.append(
                    SyntaxError(
                        "invalid heredoc: unexpected end of statement while looking for matching quote",
                        span: span(line.map.range(range)), kind: .invalidHeredoc))
            }
            for marker in markers {
                heredocs.append(readHeredoc(marker, line: line, instructionStart: first))
            }
            instruction.heredocs = heredocs
            if !instruction.onbuildStorage.isEmpty { instruction.onbuildStorage[0].heredocs = heredocs }
            if let last = heredocs.last {
                instruction.span.end = last.terminatorSpan?.end ?? last.bodySpan.end
            }
        }
        instruction.span.start = instruction.keywordSpan.start
        instruction.commands = ShellAnalysis.commands(for: instruction, line: line, source: source)
        if var trigger = instruction.onbuild {
            trigger.commands = ShellAnalysis.commands(for: trigger, line: line, source: source)
            instruction.onbuildStorage = [trigger]
        }
        instructions.append(instruction)
    }

    mutating func readHeredoc(_ marker: HeredocMarker, line: LogicalLine, instructionStart: Int) -> Heredoc {
        let lineCount = source.lineStarts.count
        let bodyStart = nextLine < lineCount ? source.lineStarts[nextLine] : source.bytes.count
        let delimiter = Array(marker.delimiter.utf8)
        var bodyEnd = source.bytes.count
        var terminator: Range<Int>?
        while nextLine < lineCount {
            let (start, end) = bounds(nextLine)
            nextLine += 1
            var candidate = start
            if marker.stripsTabs {
                while candidate < end, source.bytes[candidate] == 0x09 { candidate += 1 }
            }
            if end - candidate == delimiter.count, source.bytes[candidate..<end].elementsEqual(delimiter) {
                bodyEnd = start
                terminator = start..<end
                break
            }
        }
        let markerSpan = span(line.map.range(marker.range))
        if terminator == nil {
            errors.append(
                SyntaxError(
                    "unterminated heredoc: no line \(marker.delimiter) ends the heredoc started here",
                    span: markerSpan, kind: .unterminatedHeredoc))
        }
        let bodyRange = min(bodyStart, bodyEnd)..<bodyEnd
        return Heredoc(
            delimiter: marker.delimiter, body: source.text(bodyRange), isQuoted: marker.isQuoted,
            stripsTabs: marker.stripsTabs, fileDescriptor: marker.fileDescriptor, markerSpan: markerSpan,
            bodySpan: span(bodyRange), terminatorSpan: terminator.map { span($0) })
    }

    mutating func finish(path: String?) -> Dockerfile {
        var file = Dockerfile(
            path: path, source: source, directives: directives,
            escape: EscapeCharacter(rawValue: escape) ?? .backslash, instructions: instructions, comments: comments,
            errors: errors, warnings: warnings, stages: [], globalArgIndices: [], globalScope: VariableScope())
        StageBuilder.build(&file)
        file.errors.sort { $0.span.start.offset < $1.span.start.offset }
        return file
    }
}

func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
}

/// An instruction's text with continuation characters, line breaks and comment lines removed, and the map back to
/// the file.
struct LogicalLine {
    var bytes: [UInt8] = []
    var map = OffsetMap()

    mutating func append(_ source: [UInt8], _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        map.addSegment(logical: bytes.count, file: range.lowerBound)
        bytes += source[range]
    }

    func contains(_ first: UInt8, _ second: UInt8) -> Bool {
        var index = 1
        while index < bytes.count {
            if bytes[index] == second && bytes[index - 1] == first { return true }
            index += 1
        }
        return false
    }
}

/// A `<<EOF` word in an instruction line (BuildKit's `heredocsFromLine` / `ParseHeredoc`).
struct HeredocMarker {
    var range: Range<Int>
    var delimiter: String
    var isQuoted: Bool
    var stripsTabs: Bool
    var fileDescriptor: Int?

    /// Words split like BuildKit's shell lexer (whitespace outside quotes, backslash escapes), then matched against
    /// `^(\d*)<<(-?)([^<]*)$` with a non-empty delimiter; `<<` or `<<-` alone takes the next word as the
    /// delimiter (`RUN <<  EOF`), as current BuildKit does. `unterminated` collects markers whose quotes do not close.
    static func find(in bytes: [UInt8], unterminated: inout [Range<Int>]) -> [HeredocMarker] {
        var markers: [HeredocMarker] = []
        let words = Lexing.words(bytes, in: 0..<bytes.count, escape: UInt8(ascii: "\\"))
        var wordIndex = 0
        while wordIndex < words.count {
            let word = words[wordIndex]
            wordIndex += 1
            var index = word.lowerBound
            while index < word.upperBound, isDigit(bytes[index]) { index += 1 }
            let digits = word.lowerBound..<index
            guard word.upperBound - index >= 2, bytes[index] == UInt8(ascii: "<"),
                bytes[index + 1] == UInt8(ascii: "<")
            else { continue }
            index += 2
            var strips = false
            if index < word.upperBound, bytes[index] == UInt8(ascii: "-") {
                strips = true
                index += 1
            }
            var rest = index..<word.upperBound
            var whole = word
            if rest.isEmpty {
                // `<< EOF`: the delimiter is the next word.
                guard wordIndex < words.count else { continue }
                rest = words[wordIndex]
                whole = word.lowerBound..<rest.upperBound
                wordIndex += 1
            }
            guard !rest.contains(where: { bytes[$0] == UInt8(ascii: "<") }) else { continue }
            // Unquote the delimiter word.
            var name: [UInt8] = []
            var quoted = false
            var quote: UInt8 = 0
            var position = rest.lowerBound
            while position < rest.upperBound {
                let byte = bytes[position]
                if quote == 0 && (byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")) {
                    quote = byte
                    quoted = true
                } else if quote != 0 && byte == quote {
                    quote = 0
                } else if byte == UInt8(ascii: "\\") && quote != UInt8(ascii: "'") && position + 1 < rest.upperBound {
                    position += 1
                    name.append(bytes[position])
                } else {
                    name.append(byte)
                }
                position += 1
            }
            if quote != 0 {
                unterminated.append(whole)
                continue
            }
            guard !name.isEmpty else { continue }
            let descriptor = digits.isEmpty ? nil : Int(String(decoding: bytes[digits], as: UTF8.self))
            markers.append(
                HeredocMarker(
                    range: whole, delimiter: String(decoding: name, as: UTF8.self), isQuoted: quoted,
                    stripsTabs: strips, fileDescriptor: descriptor))
        }
        return markers
    }

    static func find(in bytes: [UInt8]) -> [HeredocMarker] {
        var ignored: [Range<Int>] = []
        return find(in: bytes, unterminated: &ignored)
    }
}
