/// Splits a shell script into simple commands on `&&`, `||`, `;`, `|`, `&`, newlines, subshells and groups,
/// with quotes removed and exact positions. Dockerfile line continuations (the escape character before a
/// newline) join lines, and comment lines inside a continued instruction are skipped, as BuildKit does.
///
/// It is deliberately forgiving: unterminated quotes end at the end of the script; it never fails.
struct ShellSplitter {
    /// The script's UTF-8 bytes.
    let bytes: [UInt8]
    /// 1-based line and column of `bytes[0]` in the Dockerfile.
    let startLine: Int
    let startColumn: Int
    /// The Dockerfile escape character (`\` or `` ` ``); `nil` for heredoc bodies, which are not continued.
    let escape: UInt8?

    init(_ script: Substring, line: Int, column: Int, escape: Character?) {
        self.bytes = Array(script.utf8)
        self.startLine = line
        self.startColumn = column
        self.escape = escape?.asciiValue
    }

    private var index = 0
    private var line = 0
    private var column = 0

    /// The commands of the script, in order.
    mutating func split() -> [ShellCommand] {
        index = 0
        line = startLine
        column = startColumn
        var commands: [ShellCommand] = []
        var words: [String] = []
        var current: [UInt8] = []
        var inWord = false
        var startPosition = (line: startLine, column: startColumn)
        var endPosition = startPosition
        var wordStart = startPosition

        var wordStarts: [(line: Int, column: Int)] = []
        func finishWord() {
            if inWord {
                words.append(String(decoding: current, as: UTF8.self))
                wordStarts.append(wordStart)
                endPosition = (line, column)
            }
            current.removeAll(keepingCapacity: true)
            inWord = false
        }
        func finishCommand(background: Bool = false, pipe: Bool = false) {
            finishWord()
            var command = words[...]
            // Drop shell keywords that introduce a command, and whole `for`/`case` headers.
            while let first = command.first,
                ["then", "else", "elif", "do", "if", "while", "until", "!", "{", "}", "fi", "done", "esac"]
                    .contains(first)
            {
                command = command.dropFirst()
            }
            var assignments: [String] = []
            while let first = command.first, ShellSplitter.isAssignment(first) {
                assignments.append(first)
                command = command.dropFirst()
            }
            if let first = command.first, first == "for" || first == "case" || first == "select" || first == "}" {
                command = []
            }
            let firstWord = words.count - command.count - assignments.count
            if firstWord < wordStarts.count { startPosition = wordStarts[firstWord] }
            if !command.isEmpty || !assignments.isEmpty {
                commands.append(
                    ShellCommand(
                        words: Array(command), assignments: assignments, isBackground: background,
                        pipesIntoNext: pipe, line: startPosition.line, column: startPosition.column,
                        endLine: endPosition.line, endColumn: endPosition.column))
            }
            words.removeAll(keepingCapacity: true)
            wordStarts.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            // A Dockerfile line continuation: escape + optional spaces + newline.
            if let escape, byte == escape, let after = continuationEnd(from: index + 1) {
                finishWord()
                advance(to: after)
                skipCommentLines()
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                finishWord()
                advance()
            case UInt8(ascii: "\n"):
                finishCommand()
                advance()
                if escape != nil { skipCommentLines() }
            case UInt8(ascii: "#") where !inWord:
                // A comment runs to the end of the (joined) line.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    if let escape, bytes[index] == escape, let after = continuationEnd(from: index + 1) {
                        advance(to: after)
                    } else {
                        advance()
                    }
                }
            case UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"):
                finishCommand()
                advance()
            case UInt8(ascii: "&"):
                if peek(1) == UInt8(ascii: "&") {
                    finishCommand()
                    advance(by: 2)
                } else if peek(1) == UInt8(ascii: ">") || (index > 0 && bytes[index - 1] == UInt8(ascii: ">")) {
                    // `&>file` or `2>&1`: a redirection, part of the word.
                    current.append(byte)
                    inWord = true
                    advance()
                } else {
                    finishCommand(background: true)
                    advance()
                }
            case UInt8(ascii: "|"):
                if peek(1) == UInt8(ascii: "|") {
                    finishCommand()
                    advance(by: 2)
                } else {
                    finishCommand(pipe: true)
                    advance(by: peek(1) == UInt8(ascii: "&") ? 2 : 1)
                }
            case UInt8(ascii: "'"):
                if !inWord { wordStart = (line, column) }
                inWord = true
                advance()
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                    current.append(bytes[index])
                    advance()
                }
                advance()
            case UInt8(ascii: "\""):
                if !inWord { wordStart = (line, column) }
                inWord = true
                advance()
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if let escape, bytes[index] == escape, let after = continuationEnd(from: index + 1) {
                        advance(to: after)
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        let next = bytes[index + 1]
                        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "$") {
                            current.append(next)
                            advance(by: 2)
                            continue
                        }
                    }
                    current.append(bytes[index])
                    advance()
                }
                advance()
            case UInt8(ascii: "\\"):
                if !inWord { wordStart = (line, column) }
                inWord = true
                if index + 1 < bytes.count {
                    if bytes[index + 1] != UInt8(ascii: "\n") { current.append(bytes[index + 1]) }
                    advance(by: 2)
                } else {
                    advance()
                }
            case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "("):
                // Command substitution: kept inside the word, balanced.
                if !inWord { wordStart = (line, column) }
                inWord = true
                var depth = 0
                while index < bytes.count {
                    let current_ = bytes[index]
                    current.append(current_)
                    advance()
                    if current_ == UInt8(ascii: "(") { depth += 1 }
                    if current_ == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                }
            case UInt8(ascii: "`"):
                if !inWord { wordStart = (line, column) }
                inWord = true
                current.append(byte)
                advance()
                while index < bytes.count, bytes[index] != UInt8(ascii: "`") {
                    current.append(bytes[index])
                    advance()
                }
                if index < bytes.count { current.append(bytes[index]) }
                advance()
            default:
                if !inWord { wordStart = (line, column) }
                inWord = true
                current.append(byte)
                advance()
            }
        }
        finishCommand()
        return commands
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        return word[..<equals].allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
            && !(word.first?.isNumber ?? true)
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// If `from` starts optional spaces/tabs then a newline, the index just after the newline.
    private func continuationEnd(from: Int) -> Int? {
        var cursor = from
        while cursor < bytes.count,
            bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t")
                || bytes[cursor] == UInt8(ascii: "\r")
        {
            cursor += 1
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\n") { return cursor + 1 }
        if cursor == bytes.count { return cursor }
        return nil
    }

    /// Skips comment lines and blank lines that BuildKit removes from a continued instruction.
    private mutating func skipCommentLines() {
        while true {
            var cursor = index
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") {
                cursor += 1
            }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "#") else { return }
            while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\n") { cursor += 1 }
            advance(to: min(cursor + 1, bytes.count))
        }
    }

    private mutating func advance(by count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
    }

    private mutating func advance(to target: Int) {
        advance(by: target - index)
    }
}
