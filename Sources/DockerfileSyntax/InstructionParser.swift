/// Parses one logical line into an ``Instruction``: BuildKit's `splitCommand`, `extractBuilderFlags`, the per-keyword
/// argument parsers of `parser/line_parsers.go`, and the checks of `instructions/parse.go`.
struct InstructionParser {
    let line: LogicalLine
    let escape: UInt8
    let index: Int
    let source: Source
    var cursor: PositionCursor
    var errors: [SyntaxError] = []
    /// Nesting: 1 inside ONBUILD.
    var nesting = 0

    init(line: LogicalLine, escape: UInt8, index: Int, source: Source, cursor: PositionCursor) {
        self.line = line
        self.escape = escape
        self.index = index
        self.source = source
        self.cursor = cursor
    }

    var bytes: [UInt8] { line.bytes }

    mutating func span(_ range: Range<Int>) -> SourceSpan {
        cursor.span(line.map.range(range))
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    mutating func error(_ message: String, _ range: Range<Int>, _ kind: SyntaxError.Kind) {
        errors.append(SyntaxError(message, span: span(range), kind: kind))
    }

    mutating func parse() -> Instruction {
        parse(range: Lexing.trim(bytes, 0..<bytes.count))
    }

    mutating func parse(range whole: Range<Int>) -> Instruction {
        var keywordEnd = whole.lowerBound
        while keywordEnd < whole.upperBound, !isSpace(bytes[keywordEnd]) { keywordEnd += 1 }
        let keywordRange = whole.lowerBound..<keywordEnd
        let keywordText = text(keywordRange)
        let keyword = Keyword(keywordText)
        let keywordSpan = span(keywordRange)
        let (flagWords, restStart) = Lexing.builderFlags(bytes, in: keywordEnd..<whole.upperBound)
        let flags = flagWords.map { flag(from: $0) }
        let rest = Lexing.trim(bytes, restStart..<whole.upperBound)
        let lineSpan = span(whole)

        var instruction = Instruction(
            keyword: keyword, keywordText: keywordText, keywordSpan: keywordSpan, span: lineSpan, lineSpan: lineSpan,
            text: text(whole), flags: flags, arguments: .none, words: [], heredocs: [], index: index,
            stageIndex: nil, commands: [], onbuildStorage: [])

        instruction.argumentRange = rest
        checkFlags(flags, keyword: keyword, keywordRange: keywordRange, rest: rest)

        switch keyword {
        case .add, .copy, .volume:
            switch JSONArrayReader.read(bytes, in: rest) {
            case .strings(let values):
                instruction.arguments = .exec(
                    values.map { Word(text: $0.value, span: span($0.range)) }, span: span(rest))
                instruction.words = values.map { Word(text: $0.value, span: span($0.range)) }
            case .notStrings:
                error(
                    "dockerfile: when using JSON array syntax, arrays can only contain strings", rest, .jsonNotStrings)
                instruction.arguments = .shell(text(rest), span: span(rest))
            case .notJSON:
                instruction.words = words(Lexing.whitespaceWords(bytes, in: rest))
                if !rest.isEmpty { instruction.arguments = .shell(text(rest), span: span(rest)) }
            }
            checkCopy(instruction, keywordRange: keywordRange)
        case .cmd, .entrypoint, .run, .shell:
            maybeJSON(&instruction, rest)
            if keyword == .shell {
                if instruction.words.isEmpty {
                    error("SHELL requires at least one argument", keywordRange, .missingArguments)
                } else if !instruction.isExecForm {
                    error("SHELL requires the arguments to be in JSON form", rest, .invalidArgument)
                }
            }
        case .arg:
            instruction.words = words(Lexing.words(bytes, in: rest, escape: escape))
            if !rest.isEmpty { instruction.arguments = .shell(text(rest), span: span(rest)) }
            if instruction.words.isEmpty {
                error("ARG requires at least one argument", keywordRange, .missingArguments)
            }
            for word in instruction.words where word.text.hasPrefix("=") {
                errors.append(SyntaxError("ARG names can not be blank", span: word.span, kind: .invalidArgument))
            }
        case .env, .label:
            instruction.words = words(Lexing.words(bytes, in: rest, escape: escape))
            if !rest.isEmpty { instruction.arguments = .shell(text(rest), span: span(rest)) }
            checkNameValue(instruction, rest: rest, keywordRange: keywordRange)
        case .expose, .from:
            instruction.words = words(Lexing.whitespaceWords(bytes, in: rest))
            if !rest.isEmpty { instruction.arguments = .shell(text(rest), span: span(rest)) }
            if keyword == .expose, instruction.words.isEmpty {
                error("EXPOSE requires at least one argument", keywordRange, .missingArguments)
            }
            if keyword == .from { checkFrom(instruction, keywordRange: keywordRange) }
        case .healthcheck:
            healthcheck(&instruction, rest: rest, keywordRange: keywordRange)
        case .maintainer, .stopsignal, .user, .workdir:
            if rest.isEmpty {
                error("\(keyword) requires exactly one argument", keywordRange, .missingArguments)
            } else {
                instruction.words = [Word(text: text(rest), span: span(rest))]
                instruction.arguments = .shell(text(rest), span: span(rest))
            }
        case .onbuild:
            if !rest.isEmpty { instruction.arguments = .shell(text(rest), span: span(rest)) }
            onbuild(&instruction, rest: rest, keywordRange: keywordRange)
        case .unknown(let name):
            if !rest.isEmpty { instruction.arguments = .shell(text(rest), span: span(rest)) }
            instruction.words = words(Lexing.whitespaceWords(bytes, in: rest))
            // Only the start of the word is quoted: a file that is not a Dockerfile (a linked /etc/shadow) would
            // otherwise be echoed line by line.
            let shown = name.count > 20 ? String(name.prefix(20)) + "…" : name
            error("unknown instruction: \(shown)", keywordRange, .unknownInstruction)
        }
        return instruction
    }

    mutating func words(_ ranges: [Range<Int>]) -> [Word] {
        var result: [Word] = []
        result.reserveCapacity(ranges.count)
        for range in ranges {
            result.append(Word(text: text(range), span: span(range)))
        }
        return result
    }

    mutating func flag(from word: Lexing.FlagWord) -> InstructionFlag {
        var body = word.text.dropFirst(2)
        var value: String?
        var valueSpan: SourceSpan?
        if let equals = body.firstIndex(of: UInt8(ascii: "=")) {
            value = String(decoding: body[(equals + 1)...], as: UTF8.self)
            body = body[..<equals]
            if let rawEquals = Lexing.firstEquals(bytes, word.range) {
                valueSpan = span((rawEquals + 1)..<word.range.upperBound)
            }
        }
        return InstructionFlag(
            name: String(decoding: body, as: UTF8.self), value: value, span: span(word.range), valueSpan: valueSpan)
    }

    enum FlagType { case bool, string, strings }

    static func allowedFlags(_ keyword: Keyword) -> [String: FlagType] {
        switch keyword {
        case .from: ["platform": .string]
        case .run: ["mount": .strings, "network": .string, "security": .string, "device": .strings]
        case .copy:
            [
                "from": .string, "chown": .string, "chmod": .string, "link": .bool, "parents": .bool,
                "exclude": .strings,
            ]
        case .add:
            [
                "chown": .string, "chmod": .string, "link": .bool, "keep-git-dir": .bool, "checksum": .string,
                "exclude": .strings, "unpack": .bool, "parents": .bool,
            ]
        case .healthcheck:
            [
                "interval": .string, "timeout": .string, "start-period": .string, "start-interval": .string,
                "retries": .string,
            ]
        default: [:]
        }
    }

    /// BuildKit's `BFlags.Parse`.
    mutating func checkFlags(
        _ flags: [InstructionFlag], keyword: Keyword, keywordRange: Range<Int>, rest: Range<Int>
    ) {
        // BuildKit never parses the flags of unknown instructions, STOPSIGNAL and `HEALTHCHECK NONE`.
        guard keyword.isKnown, keyword != .stopsignal else { return }
        if keyword == .healthcheck, text(rest).uppercased().hasPrefix("NONE") { return }
        let allowed = Self.allowedFlags(keyword)
        var used = Set<String>()
        for flag in flags {
            guard let type = allowed[flag.name] else {
                errors.append(SyntaxError("unknown flag: \(flag.name)", span: flag.span, kind: .unknownFlag))
                continue
            }
            if !used.insert(flag.name).inserted, type != .strings {
                errors.append(
                    SyntaxError("duplicate flag specified: \(flag.name)", span: flag.span, kind: .invalidFlag))
            }
            switch type {
            case .bool:
                if let value = flag.value {
                    let lowered = value.lowercased()
                    if value.isEmpty {
                        errors.append(
                            SyntaxError("missing a value on flag: \(flag.name)", span: flag.span, kind: .invalidFlag))
                    } else if lowered != "true" && lowered != "false" {
                        errors.append(
                            SyntaxError(
                                "expecting boolean value for flag \(flag.name), not: \(value)", span: flag.span,
                                kind: .invalidFlag))
                    }
                }
            case .string, .strings:
                if flag.value == nil {
                    errors.append(
                        SyntaxError("missing a value on flag: \(flag.name)", span: flag.span, kind: .invalidFlag))
                }
            }
        }
    }

    /// BuildKit's `parseMaybeJSON`: JSON array of strings, else shell form.
    mutating func maybeJSON(_ instruction: inout Instruction, _ rest: Range<Int>) {
        instruction.argumentRange = rest
        guard !rest.isEmpty else { return }
        switch JSONArrayReader.read(bytes, in: rest) {
        case .strings(let values):
            let words = values.map { Word(text: $0.value, span: span($0.range)) }
            instruction.arguments = .exec(words, span: span(rest))
            instruction.words = words
        case .notStrings:
            error("dockerfile: when using JSON array syntax, arrays can only contain strings", rest, .jsonNotStrings)
            instruction.arguments = .shell(text(rest), span: span(rest))
        case .notJSON:
            instruction.arguments = .shell(text(rest), span: span(rest))
            instruction.words = words(Lexing.words(bytes, in: rest, escape: escape))
        }
    }

    mutating func checkCopy(_ instruction: Instruction, keywordRange: Range<Int>) {
        switch instruction.keyword {
        case .copy, .add:
            if instruction.words.count < 2 {
                error(
                    "\(instruction.keyword) requires at least two arguments, but only one was provided. "
                        + "Destination could not be determined", keywordRange, .missingArguments)
            } else if let last = instruction.words.last, !instruction.isExecForm,
                !HeredocMarker.find(in: Array(last.text.utf8)).isEmpty
            {
                errors.append(
                    SyntaxError(
                        "\(instruction.keyword) cannot accept a heredoc as a destination", span: last.span,
                        kind: .invalidHeredoc))
            }
        case .volume:
            if instruction.words.isEmpty {
                error("VOLUME requires at least one argument", keywordRange, .missingArguments)
            } else if instruction.words.contains(where: { $0.text.trimmingSpaces.isEmpty }) {
                error("VOLUME specified can not be an empty string", keywordRange, .invalidArgument)
            }
        default:
            break
        }
    }

    /// BuildKit's `parseNameVal`: `KEY name value` (legacy) or `KEY a=b c=d`.
    mutating func checkNameValue(_ instruction: Instruction, rest: Range<Int>, keywordRange: Range<Int>) {
        let words = instruction.words
        guard let first = words.first else {
            error("\(instruction.keyword) requires at least one argument", keywordRange, .missingArguments)
            return
        }
        if !first.text.contains("=") {
            if words.count < 2 {
                error("\(instruction.keyword) must have two arguments", keywordRange, .missingArguments)
            }
            return
        }
        for word in words where word.text.hasPrefix("=") {
            errors.append(
                SyntaxError("\(instruction.keyword) names can not be blank", span: word.span, kind: .invalidArgument))
        }
        for word in words where !word.text.contains("=") {
            errors.append(
                SyntaxError(
                    "Syntax error - can't find = in \"\(word.text)\". Must be of the form: name=value",
                    span: word.span, kind: .invalidArgument))
        }
    }

    /// BuildKit's `parseBuildStageName`.
    mutating func checkFrom(_ instruction: Instruction, keywordRange: Range<Int>) {
        let words = instruction.words
        if words.count == 3, words[1].text.lowercased() == "as" {
            let name = words[2].text.lowercased()
            if !Self.isValidStageName(name) {
                errors.append(
                    SyntaxError(
                        "invalid name for build stage: \"\(words[2].text)\", name can't start with a number or "
                            + "contain symbols", span: words[2].span, kind: .invalidStageName))
            }
        } else if words.count != 1 {
            errors.append(
                SyntaxError(
                    "FROM requires either one or three arguments", span: words.first?.span ?? span(keywordRange),
                    kind: words.count < 1 ? .missingArguments : .tooManyArguments))
        }
    }

    /// `^[a-z][a-z0-9-_\.]*$`
    static func isValidStageName(_ name: String) -> Bool {
        let utf8 = Array(name.utf8)
        guard let first = utf8.first, first >= 0x61 && first <= 0x7A else { return false }
        return utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: ".")
        }
    }

    /// BuildKit's `parseHealthConfig` and `parseHealthcheck`.
    mutating func healthcheck(_ instruction: inout Instruction, rest: Range<Int>, keywordRange: Range<Int>) {
        guard !rest.isEmpty else {
            error("HEALTHCHECK requires at least one argument", keywordRange, .missingArguments)
            return
        }
        var separator = rest.lowerBound
        while separator < rest.upperBound, !isSpace(bytes[separator]) { separator += 1 }
        let typeRange = rest.lowerBound..<separator
        let kind = text(typeRange).uppercased()
        let command = Lexing.trim(bytes, separator..<rest.upperBound)
        instruction.words = [Word(text: text(typeRange), span: span(typeRange))]
        switch kind {
        case "NONE":
            if !command.isEmpty {
                error("HEALTHCHECK NONE takes no arguments", rest, .tooManyArguments)
            }
        case "CMD":
            maybeJSON(&instruction, command)
            instruction.words.insert(Word(text: text(typeRange), span: span(typeRange)), at: 0)
            if command.isEmpty {
                error("Missing command after HEALTHCHECK CMD", typeRange, .missingArguments)
            }
            for flag in instruction.flags {
                checkHealthFlag(flag)
            }
        default:
            error("Unknown type \"\(text(typeRange))\" in HEALTHCHECK (try CMD)", typeRange, .invalidArgument)
        }
    }

    mutating func checkHealthFlag(_ flag: InstructionFlag) {
        guard let value = flag.value, !value.isEmpty else { return }
        if flag.name == "retries" {
            if Int(value) == nil {
                errors.append(SyntaxError("invalid retries value: \(value)", span: flag.span, kind: .invalidFlag))
            } else if let retries = Int(value), retries < 0 {
                errors.append(
                    SyntaxError("--retries cannot be negative (\(retries))", span: flag.span, kind: .invalidFlag))
            }
            return
        }
        guard let duration = Duration.parseGo(value) else {
            errors.append(
                SyntaxError("time: invalid duration \"\(value)\"", span: flag.span, kind: .invalidFlag))
            return
        }
        if duration != 0 && duration < 1_000_000 {
            errors.append(
                SyntaxError(
                    "Interval \"\(flag.name)\" cannot be less than 1ms", span: flag.span,
                    kind: .invalidFlag))
        }
    }

    mutating func onbuild(_ instruction: inout Instruction, rest: Range<Int>, keywordRange: Range<Int>) {
        guard !rest.isEmpty else {
            error("ONBUILD requires at least one argument", keywordRange, .missingArguments)
            return
        }
        var end = rest.lowerBound
        while end < rest.upperBound, !isSpace(bytes[end]) { end += 1 }
        let inner = Keyword(text(rest.lowerBound..<end))
        switch inner {
        case .onbuild:
            error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", rest.lowerBound..<end, .onbuild)
            return
        case .from, .maintainer:
            error("\(inner) isn't allowed as an ONBUILD trigger", rest.lowerBound..<end, .onbuild)
        default:
            break
        }
        guard nesting == 0 else { return }
        var nested = InstructionParser(line: line, escape: escape, index: index, source: source, cursor: cursor)
        nested.nesting = 1
        let trigger = nested.parse(range: rest)
        cursor = nested.cursor
        // BuildKit checks only the trigger's keyword now; the rest is checked when a child image builds.
        instruction.onbuildStorage = [trigger]
    }
}

extension String {
    var trimmingSpaces: Substring {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return self[first...last]
    }

    var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}

extension Duration {
    /// Go's `time.ParseDuration`, in nanoseconds (`1m30s`, `500ms`, `1.5h`); nil when invalid.
    static func parseGo(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        guard !bytes.isEmpty else { return nil }
        var total: Double = 0
        while !bytes.isEmpty {
            var number = ""
            while let byte = bytes.first, isDigit(byte) || byte == UInt8(ascii: ".") {
                number.append(Character(UnicodeScalar(byte)))
                bytes = bytes.dropFirst()
            }
            guard let value = Double(number) else { return nil }
            var unit = ""
            while let byte = bytes.first, !isDigit(byte) && byte != UInt8(ascii: ".") {
                unit.append(Character(UnicodeScalar(byte)))
                bytes = bytes.dropFirst()
            }
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            default: return nil
            }
            total += value * scale
        }
        guard total < 9.2e18 else { return nil }
        return Int64(negative ? -total : total)
    }
}
