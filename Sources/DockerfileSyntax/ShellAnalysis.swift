/// Splits shell text (RUN bodies, heredoc scripts, `sh -c` strings, shell-form CMD/ENTRYPOINT) into simple
/// commands. It understands what decides which commands run with which arguments: quoting, escapes, operators
/// (`&&`, `||`, `;`, `|`, `&`, newlines), subshells and groups, `$( )` and backticks, redirections and heredocs,
/// assignments, and the reserved words of `if`/`for`/`while`/`case`. It does not evaluate anything.
struct ShellAnalyzer {
    struct WorkItem {
        var bytes: [UInt8]
        var range: Range<Int>
        var map: OffsetMap
        var depth: Int
        var origin: ShellCommandOrigin
    }

    /// Deepest nesting analysed (`$( $( … ) )`, `sh -c "sh -c …"`); deeper text is kept as words only.
    static let maximumDepth = 24
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]

    var cursor: PositionCursor
    let instructionIndex: Int
    var commands: [ShellCommand] = []
    var work: [WorkItem] = []

    init(source: Source, instructionIndex: Int) {
        cursor = PositionCursor(source: source)
        self.instructionIndex = instructionIndex
    }

    /// Analyses `item` and everything nested in it; returns the commands in text order.
    mutating func analyse(_ item: WorkItem) -> [ShellCommand] {
        work.append(item)
        while let next = work.popLast() {
            var scanner = ShellScanner(item: next)
            scanner.scan()
            for pending in scanner.pendingWork where pending.depth <= Self.maximumDepth {
                work.append(pending)
            }
            for raw in scanner.commands {
                emit(raw, item: next)
            }
        }
        return commands.enumerated().sorted {
            ($0.element.span.start.offset, $0.offset) < ($1.element.span.start.offset, $1.offset)
        }.map(\.element)
    }

    mutating func span(_ range: Range<Int>, _ map: OffsetMap) -> SourceSpan {
        cursor.span(map.range(range))
    }

    mutating func emit(_ raw: ShellScanner.RawCommand, item: WorkItem) {
        var words: [ShellWord] = []
        words.reserveCapacity(raw.words.count)
        for word in raw.words {
            words.append(
                ShellWord(
                    raw: String(decoding: item.bytes[word.range], as: UTF8.self),
                    value: String(decoding: word.value, as: UTF8.self), span: span(word.range, item.map),
                    hasExpansion: word.hasExpansion))
        }
        var assignments: [ShellAssignment] = []
        for word in raw.assignments {
            let text = String(decoding: word.value, as: UTF8.self)
            let equals = text.firstIndex(of: "=") ?? text.endIndex
            assignments.append(
                ShellAssignment(
                    name: String(text[..<equals]),
                    value: equals < text.endIndex ? String(text[text.index(after: equals)...]) : "",
                    span: span(word.range, item.map)))
        }
        var redirections: [ShellRedirection] = []
        for redirection in raw.redirections {
            redirections.append(
                ShellRedirection(
                    op: redirection.op, fileDescriptor: redirection.fileDescriptor,
                    target: String(decoding: redirection.target, as: UTF8.self),
                    span: span(redirection.range, item.map)))
        }
        let command = ShellCommand(
            name: words.first?.value ?? "", arguments: words.dropFirst().map(\.value), words: words,
            assignments: assignments, redirections: redirections, connector: raw.connector,
            terminator: raw.terminator, depth: item.depth + raw.depth, origin: item.origin,
            instructionIndex: instructionIndex, span: span(raw.range, item.map),
            heredocDelimiters: redirections.filter { $0.op == "<<" || $0.op == "<<-" }.map(\.target),
            isCondition: raw.isCondition)
        commands.append(command)
        // `sh -c 'script'`: analyse the script too.
        if Self.shells.contains(command.baseName), let scriptIndex = Self.commandStringIndex(command.arguments) {
            let wordIndex = scriptIndex + 1
            let rawWord = raw.words[wordIndex]
            let text = rawWord.value
            let rawBytes = item.bytes[rawWord.range]
            if rawBytes.count == text.count + 2, let first = rawBytes.first, first == rawBytes.last,
                first == UInt8(ascii: "'") || first == UInt8(ascii: "\"")
            {
                work.append(
                    WorkItem(
                        bytes: item.bytes, range: (rawWord.range.lowerBound + 1)..<(rawWord.range.upperBound - 1),
                        map: item.map, depth: item.depth + raw.depth + 1, origin: .shellString))
            } else {
                work.append(
                    WorkItem(
                        bytes: text, range: 0..<text.count, map: .fixed(item.map.range(rawWord.range)),
                        depth: item.depth + raw.depth + 1, origin: .shellString))
            }
        }
    }

    /// For `sh [options] -c SCRIPT …`: the index in `arguments` of SCRIPT.
    static func commandStringIndex(_ arguments: [String]) -> Int? {
        var index = 0
        var sawC = false
        while index < arguments.count {
            let argument = arguments[index]
            if sawC && !argument.hasPrefix("-") { return index }
            if argument == "-o" || argument == "+o" {
                index += 2
                continue
            }
            if argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.contains("c"),
                argument.dropFirst().allSatisfy({ $0.isLetter })
            {
                sawC = true
            } else if !argument.hasPrefix("-") && !argument.hasPrefix("+") {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// A command built from exec-form words (`["sh", "-c", "…"]`).
    mutating func execCommand(_ words: [Word], origin: ShellCommandOrigin) -> [ShellCommand] {
        guard let first = words.first else { return [] }
        let shellWords = words.map { ShellWord(raw: $0.text, value: $0.text, span: $0.span, hasExpansion: false) }
        let span = SourceSpan(start: first.span.start, end: words.last?.span.end ?? first.span.end)
        let command = ShellCommand(
            name: first.text, arguments: words.dropFirst().map(\.text), words: shellWords, assignments: [],
            redirections: [], connector: .none, terminator: .none, depth: 0, origin: origin,
            instructionIndex: instructionIndex, span: span, heredocDelimiters: [], isCondition: false)
        commands.append(command)
        if Self.shells.contains(command.baseName), let scriptIndex = Self.commandStringIndex(command.arguments) {
            let word = words[scriptIndex + 1]
            let text = Array(word.text.utf8)
            let map: OffsetMap
            if word.span.start.line == word.span.end.line,
                word.span.end.offset - word.span.start.offset == text.count + 2
            {
                map = .contiguous(at: word.span.start.offset + 1)
            } else {
                map = .fixed(word.span.byteRange)
            }
            return analyse(WorkItem(bytes: text, range: 0..<text.count, map: map, depth: 1, origin: .shellString))
        }
        return commands
    }
}

/// The tokenizer and command splitter over one range of shell text.
struct ShellScanner {
    struct RawWord {
        var range: Range<Int>
        var value: [UInt8]
        var hasExpansion: Bool
        var isQuoted: Bool
    }

    struct RawRedirection {
        var op: String
        var fileDescriptor: Int?
        var target: [UInt8]
        var range: Range<Int>
    }

    struct RawCommand {
        var words: [RawWord] = []
        var assignments: [RawWord] = []
        var redirections: [RawRedirection] = []
        var connector: ShellOperator = .none
        var terminator: ShellOperator = .none
        var depth = 0
        var range: Range<Int> = 0..<0
        var isCondition = false

        var isEmpty: Bool { words.isEmpty && assignments.isEmpty && redirections.isEmpty }
        var isOnlyRedirections: Bool { words.isEmpty && assignments.isEmpty }
    }

    let bytes: [UInt8]
    let range: Range<Int>
    let item: ShellAnalyzer.WorkItem
    var index: Int
    var commands: [RawCommand] = []
    var pendingWork: [ShellAnalyzer.WorkItem] = []

    var current = RawCommand()
    var pendingConnector: ShellOperator = .none
    var depth = 0
    var groups: [UInt8] = []
    /// `commands.count` when each open group started.
    var groupStarts: [Int] = []
    /// The commands of the group just closed, whose last command takes the operator after `)` or `}`.
    var closedGroup: Range<Int>?
    /// The last command of the compound command (group, loop, if) just closed, for redirections after it.
    var lastClosed: Int?
    var pendingRedirection: (op: String, fd: Int?, start: Int)?
    var pendingHeredocs: [(delimiter: [UInt8], stripsTabs: Bool)] = []
    var inCondition = false
    var skipHeader = false
    var caseHeader = false
    var patternMode = false
    var caseDepth = 0

    init(item: ShellAnalyzer.WorkItem) {
        self.item = item
        bytes = item.bytes
        range = item.range
        index = item.range.lowerBound
    }

    var end: Int { range.upperBound }

    func at(_ offset: Int) -> UInt8? { offset < end ? bytes[offset] : nil }

    static func isMeta(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }

    mutating func finishCommand(_ op: ShellOperator) {
        if let group = closedGroup, current.isEmpty, !group.isEmpty {
            if commands[group.upperBound - 1].terminator == .none { commands[group.upperBound - 1].terminator = op }
        }
        closedGroup = nil
        lastClosed = nil
        if current.isEmpty {
            if op != .newline || pendingConnector == .none { pendingConnector = op }
        } else {
            current.terminator = op
            commands.append(current)
            pendingConnector = op
        }
        current = RawCommand()
        pendingRedirection = nil
        if op != .pipe && op != .and && op != .or { inCondition = false }
    }

    mutating func startWord(_ start: Int) {
        if current.isEmpty {
            current.connector = pendingConnector
            current.depth = depth
            current.range = start..<start
            current.isCondition = inCondition
            pendingConnector = .none
        }
    }

    mutating func scan() {
        while index < end {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0D:
                index += 1
            case 0x0A:
                index += 1
                if skipHeader { skipHeader = false }
                finishCommand(.newline)
                skipHeredocBodies()
            case UInt8(ascii: "\\") where at(index + 1) == 0x0A:
                index += 2
            case UInt8(ascii: "#") where !patternMode:
                while index < end, bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "&"):
                if at(index + 1) == UInt8(ascii: "&") {
                    index += 2
                    finishCommand(.and)
                } else if at(index + 1) == UInt8(ascii: ">") {
                    redirection()
                } else {
                    index += 1
                    finishCommand(.background)
                }
            case UInt8(ascii: "|"):
                if patternMode {
                    index += 1
                } else if at(index + 1) == UInt8(ascii: "|") {
                    index += 2
                    finishCommand(.or)
                } else {
                    index += at(index + 1) == UInt8(ascii: "&") ? 2 : 1
                    finishCommand(.pipe)
                }
            case UInt8(ascii: ";"):
                skipHeader = false
                if at(index + 1) == UInt8(ascii: ";") || at(index + 1) == UInt8(ascii: "&") {
                    index += at(index + 2) == UInt8(ascii: "&") ? 3 : 2
                    finishCommand(.caseEnd)
                    if caseDepth > 0 { patternMode = true }
                } else {
                    index += 1
                    finishCommand(.semicolon)
                }
            case UInt8(ascii: "("):
                if at(index + 1) == UInt8(ascii: "(") && current.isEmpty {
                    // Arithmetic command `(( … ))`.
                    index = matching(UInt8(ascii: "("), UInt8(ascii: ")"), from: index + 2, opens: 2, quotes: true)
                } else if current.isEmpty && !patternMode {
                    index += 1
                    let connector = pendingConnector
                    finishCommand(.none)
                    pendingConnector = connector
                    groups.append(byte)
                    groupStarts.append(commands.count)
                    depth += 1
                } else if current.words.count == 1 && at(index + 1) == UInt8(ascii: ")") {
                    // `name() {`: a function definition, not a command.
                    index += 2
                    current = RawCommand()
                } else {
                    index += 1
                }
            case UInt8(ascii: ")"):
                index += 1
                if patternMode {
                    patternMode = false
                } else if groups.last == UInt8(ascii: "(") {
                    closeGroup()
                }
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                redirection()
            default:
                word()
            }
        }
        if !current.isEmpty {
            commands.append(current)
        }
    }

    mutating func closeGroup() {
        if !current.isEmpty {
            commands.append(current)
        }
        current = RawCommand()
        groups.removeLast()
        let start = groupStarts.popLast() ?? commands.count
        closedGroup = start..<commands.count
        lastClosed = commands.count > start ? commands.count - 1 : nil
        depth -= 1
        pendingConnector = .none
    }

    /// A redirection operator at `index`, with an optional fd already read as a word.
    mutating func redirection(fd: Int? = nil, fdStart: Int? = nil) {
        let start = fdStart ?? index
        var op: [UInt8] = [bytes[index]]
        index += 1
        while let next = at(index), op.count < 3 {
            let candidate = op + [next]
            let text = String(decoding: candidate, as: UTF8.self)
            if ["&>", "&>>", ">>", ">&", ">|", "<<", "<<-", "<<<", "<&", "<>"].contains(text) {
                op = candidate
                index += 1
            } else {
                break
            }
        }
        startWord(start)
        pendingRedirection = (String(decoding: op, as: UTF8.self), fd, start)
    }

    mutating func skipHeredocBodies() {
        guard !pendingHeredocs.isEmpty else { return }
        for heredoc in pendingHeredocs {
            while index < end {
                var lineEnd = index
                while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var contentStart = index
                var contentEnd = lineEnd
                if contentEnd > contentStart, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if heredoc.stripsTabs {
                    while contentStart < contentEnd, bytes[contentStart] == 0x09 { contentStart += 1 }
                }
                index = min(lineEnd + 1, end)
                if bytes[contentStart..<contentEnd].elementsEqual(heredoc.delimiter) { break }
            }
        }
        pendingHeredocs = []
    }

    /// The index after the `close` byte that ends a construct whose content starts at `start`, `opens` deep:
    /// `)` for `$( )` and `(( ))`, `}` for `${ }`. Escaped bytes are skipped, and quoted text too where `quotes` is
    /// set (`$( )`, `(( ))`).
    func matching(_ open: UInt8, _ close: UInt8, from start: Int, opens: Int = 1, quotes: Bool) -> Int {
        var level = opens
        var position = start
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                position += 2
                continue
            }
            if quotes && byte == UInt8(ascii: "'") {
                position += 1
                while position < end, bytes[position] != UInt8(ascii: "'") { position += 1 }
            } else if quotes && byte == UInt8(ascii: "\"") {
                position += 1
                while position < end, bytes[position] != UInt8(ascii: "\"") {
                    position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                }
            } else if byte == open {
                level += 1
            } else if byte == close {
                level -= 1
                if level == 0 { return position + 1 }
            }
            position += 1
        }
        return end
    }

    /// `$…` at `index`: appends it as written to `value`, queues command substitutions.
    mutating func dollar(into value: inout [UInt8]) {
        let start = index
        let next = at(index + 1)
        if next == UInt8(ascii: "(") {
            if at(index + 2) == UInt8(ascii: "(") {
                index = matching(UInt8(ascii: "("), UInt8(ascii: ")"), from: index + 3, opens: 2, quotes: true)
            } else {
                let close = matching(UInt8(ascii: "("), UInt8(ascii: ")"), from: index + 2, quotes: true)
                let innerEnd = close > index + 2 && at(close - 1) == UInt8(ascii: ")") ? close - 1 : close
                pendingWork.append(
                    ShellAnalyzer.WorkItem(
                        bytes: bytes, range: (index + 2)..<max(index + 2, innerEnd), map: item.map,
                        depth: item.depth + depth + 1, origin: .commandSubstitution))
                index = close
            }
        } else if next == UInt8(ascii: "{") {
            index = matching(UInt8(ascii: "{"), UInt8(ascii: "}"), from: index + 2, quotes: false)
        } else if let next, isNameByte(next) || "@*#?-$!".utf8.contains(next) {
            index += 1
            if isNameByte(next) && !isDigit(next) {
                while let byte = at(index), isNameByte(byte) { index += 1 }
            } else {
                index += 1
            }
        } else {
            index += 1
        }
        value += bytes[start..<min(index, end)]
    }

    mutating func backtick(into value: inout [UInt8]) {
        let start = index
        index += 1
        while index < end, bytes[index] != UInt8(ascii: "`") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        let innerEnd = min(index, end)
        pendingWork.append(
            ShellAnalyzer.WorkItem(
                bytes: bytes, range: (start + 1)..<max(start + 1, innerEnd), map: item.map,
                depth: item.depth + depth + 1, origin: .commandSubstitution))
        index = min(index + 1, end)
        value += bytes[start..<index]
    }

    mutating func readWord() -> RawWord {
        let start = index
        var value: [UInt8] = []
        var hasExpansion = false
        var isQuoted = false
        while index < end {
            let byte = bytes[index]
            if Self.isMeta(byte) { break }
            switch byte {
            case UInt8(ascii: "\\"):
                if index + 1 < end {
                    if bytes[index + 1] != 0x0A { value.append(bytes[index + 1]) }
                    isQuoted = true
                }
                index += 2
            case UInt8(ascii: "'"):
                isQuoted = true
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "'") {
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
            case UInt8(ascii: "\""):
                isQuoted = true
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\\"), index + 1 < end {
                        let escaped = bytes[index + 1]
                        if escaped == UInt8(ascii: "$") || escaped == UInt8(ascii: "`") || escaped == UInt8(ascii: "\"")
                            || escaped == UInt8(ascii: "\\")
                        {
                            value.append(escaped)
                        } else if escaped != 0x0A {
                            value += [inner, escaped]
                        }
                        index += 2
                    } else if inner == UInt8(ascii: "$") {
                        hasExpansion = hasExpansion || at(index + 1).map { !isSpace($0) && $0 != 0x22 } ?? false
                        dollar(into: &value)
                    } else if inner == UInt8(ascii: "`") {
                        hasExpansion = true
                        backtick(into: &value)
                    } else {
                        value.append(inner)
                        index += 1
                    }
                }
                index += 1
            case UInt8(ascii: "$"):
                let before = value.count
                dollar(into: &value)
                if value.count - before > 1 { hasExpansion = true }
            case UInt8(ascii: "`"):
                hasExpansion = true
                backtick(into: &value)
            default:
                value.append(byte)
                index += 1
            }
        }
        index = min(index, end)
        return RawWord(range: start..<index, value: value, hasExpansion: hasExpansion, isQuoted: isQuoted)
    }

    static let reservedPrefixes: Set<[UInt8]> = Set(["then", "else", "do", "!", "time"].map { Array($0.utf8) })
    static let conditionWords: Set<[UInt8]> = Set(["if", "elif", "while", "until"].map { Array($0.utf8) })
    static let closingWords: Set<[UInt8]> = Set(["fi", "done"].map { Array($0.utf8) })

    mutating func word() {
        let word = readWord()
        // `2>file`: digits directly before a redirection are its fd.
        if let next = at(index), next == UInt8(ascii: "<") || next == UInt8(ascii: ">"), !word.isQuoted,
            !word.value.isEmpty, word.value.allSatisfy(isDigit), pendingRedirection == nil
        {
            redirection(fd: Int(String(decoding: word.value, as: UTF8.self)), fdStart: word.range.lowerBound)
            return
        }
        if let redirection = pendingRedirection, current.isEmpty || current.isOnlyRedirections, let last = lastClosed,
            last < commands.count
        {
            // `{ …; } > log`, `done < file`: the redirection belongs to the compound command just closed.
            commands[last].redirections.append(
                RawRedirection(
                    op: redirection.op, fileDescriptor: redirection.fd, target: word.value,
                    range: redirection.start..<word.range.upperBound))
            current = RawCommand()
            pendingRedirection = nil
            return
        }
        if let redirection = pendingRedirection {
            current.redirections.append(
                RawRedirection(
                    op: redirection.op, fileDescriptor: redirection.fd, target: word.value,
                    range: redirection.start..<word.range.upperBound))
            current.range = current.range.lowerBound..<word.range.upperBound
            if redirection.op == "<<" || redirection.op == "<<-" {
                pendingHeredocs.append((word.value, redirection.op == "<<-"))
            }
            pendingRedirection = nil
            return
        }
        if patternMode {
            if !word.isQuoted, word.value.elementsEqual("esac".utf8) {
                patternMode = false
                caseDepth = max(0, caseDepth - 1)
            }
            return
        }
        if skipHeader { return }
        if caseHeader {
            if !word.isQuoted, word.value.elementsEqual("in".utf8) {
                caseHeader = false
                patternMode = true
                caseDepth += 1
            }
            return
        }
        if current.words.isEmpty && Self.isAssignment(bytes[word.range]) {
            startWord(word.range.lowerBound)
            current.assignments.append(word)
            current.range = current.range.lowerBound..<word.range.upperBound
            return
        }
        if current.words.isEmpty && !word.isQuoted {
            let value = word.value
            if Self.conditionWords.contains(value) {
                endBeforeReservedWord()
                inCondition = true
                return
            }
            if Self.reservedPrefixes.contains(value) {
                if value.elementsEqual("then".utf8) || value.elementsEqual("do".utf8) {
                    inCondition = false
                }
                endBeforeReservedWord()
                return
            }
            if Self.closingWords.contains(value) || value.elementsEqual("esac".utf8) {
                if value.elementsEqual("esac".utf8) { caseDepth = max(0, caseDepth - 1) }
                endBeforeReservedWord()
                lastClosed = commands.isEmpty ? nil : commands.count - 1
                return
            }
            if value.elementsEqual("{".utf8) {
                endBeforeReservedWord()
                groups.append(UInt8(ascii: "{"))
                groupStarts.append(commands.count)
                depth += 1
                return
            }
            if value.elementsEqual("}".utf8) {
                if groups.last == UInt8(ascii: "{") { closeGroup() }
                return
            }
            if current.assignments.isEmpty && current.redirections.isEmpty {
                if value.elementsEqual("for".utf8) || value.elementsEqual("select".utf8) {
                    skipHeader = true
                    return
                }
                if value.elementsEqual("case".utf8) {
                    caseHeader = true
                    return
                }
                if value.elementsEqual("function".utf8) {
                    skipHeader = true
                    return
                }
            }
        }
        startWord(word.range.lowerBound)
        if word.value.isEmpty && !word.isQuoted && !word.hasExpansion && word.range.isEmpty {
            // Not a word (a stray byte the scanner does not know): skip it.
            index += 1
            return
        }
        current.words.append(word)
        current.range = current.range.lowerBound..<word.range.upperBound
    }

    /// A reserved word ends what came before it (only redirections or assignments can be pending) and keeps the
    /// connector for the command after it.
    mutating func endBeforeReservedWord() {
        guard !current.isEmpty else { return }
        let connector = pendingConnector
        finishCommand(.none)
        pendingConnector = connector
    }

    /// `NAME=…` with NAME unquoted.
    static func isAssignment(_ raw: ArraySlice<UInt8>) -> Bool {
        guard let first = raw.first, isNameByte(first), !isDigit(first) else { return false }
        for byte in raw {
            if byte == UInt8(ascii: "=") { return true }
            if !isNameByte(byte) { return byte == UInt8(ascii: "+") && raw.contains(UInt8(ascii: "=")) }
        }
        return false
    }
}

/// Which instructions run shell text, and how it is analysed.
enum ShellAnalysis {
    static func commands(for instruction: Instruction, line: LogicalLine, source: Source) -> [ShellCommand] {
        var analyzer = ShellAnalyzer(source: source, instructionIndex: instruction.index)
        switch instruction.keyword {
        case .run, .cmd, .entrypoint, .healthcheck:
            break
        default:
            return []
        }
        if instruction.keyword == .healthcheck, instruction.words.first?.text.uppercased() != "CMD" { return [] }
        switch instruction.arguments {
        case .none:
            return []
        case .exec(let words, _):
            return analyzer.execCommand(words, origin: .instruction)
        case .shell:
            let range = instruction.argumentRange
            var commands = analyzer.analyse(
                ShellAnalyzer.WorkItem(
                    bytes: line.bytes, range: range, map: line.map, depth: 0, origin: .instruction))
            guard instruction.keyword == .run, !instruction.heredocs.isEmpty else { return commands }
            // Heredoc bodies that a shell runs: `RUN <<EOF` alone, or `RUN bash <<EOF`.
            for (index, heredoc) in instruction.heredocs.enumerated() {
                let runsAlone =
                    commands.count == 1 && commands[0].name.isEmpty && index == 0
                    && commands[0].redirections.count == 1
                let shellReads = commands.contains { command in
                    ShellAnalyzer.shells.contains(command.baseName)
                        && command.heredocDelimiters.contains(heredoc.delimiter)
                        && ShellAnalyzer.commandStringIndex(command.arguments) == nil
                }
                guard runsAlone || shellReads else { continue }
                let body = heredoc.content
                if runsAlone, body.hasPrefix("#!") {
                    let shebang = body.dropFirst(2).prefix { $0 != "\n" }
                    let parts = shebang.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    var interpreter = parts.first?.split(separator: "/").last.map(String.init) ?? ""
                    if interpreter == "env" {
                        interpreter = parts.dropFirst().first { !$0.hasPrefix("-") } ?? ""
                    }
                    let name = interpreter
                    guard ShellAnalyzer.shells.contains(name) else { continue }
                }
                let bytes = Array(source.bytes[heredoc.bodySpan.byteRange])
                var bodyAnalyzer = ShellAnalyzer(source: source, instructionIndex: instruction.index)
                commands += bodyAnalyzer.analyse(
                    ShellAnalyzer.WorkItem(
                        bytes: bytes, range: 0..<bytes.count, map: .contiguous(at: heredoc.bodySpan.start.offset),
                        depth: 1, origin: .heredoc(index)))
            }
            return commands
        }
    }
}

/// Shell text outside a Dockerfile instruction: the string of an exec-form `sh -c`, a wrapper script, an image's
/// `Cmd`. The same analysis as RUN bodies (quotes, operators, groups, reserved words, redirections).
public enum ShellScript {
    /// The simple commands `script` runs at its top level, in text order; spans count from its first byte (line 1,
    /// column 1). Commands inside `$( )`, backticks and nested `sh -c` strings are left out.
    public static func commands(_ script: String) -> [ShellCommand] {
        let bytes = Array(script.utf8)
        var analyzer = ShellAnalyzer(source: Source(bytes: bytes), instructionIndex: 0)
        let commands = analyzer.analyse(
            ShellAnalyzer.WorkItem(
                bytes: bytes, range: 0..<bytes.count, map: .contiguous(at: 0), depth: 0, origin: .instruction))
        return commands.filter { $0.origin == .instruction }
    }
}
