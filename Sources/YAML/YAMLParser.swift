/// Reads YAML 1.2 text into ``YAMLNode`` trees: the subset real configuration and data files use.
///
/// Supported: block mappings and sequences (including sequences at their key's indentation), flow `[...]` and
/// `{...}`, plain, single- and double-quoted scalars (all escapes), literal `|` and folded `>` block scalars with
/// chomping and indentation indicators, comments, `---` and `...`, directives (skipped), anchors and aliases
/// (bounded by ``YAMLLimits``), tags (kept, `!!` expanded). Duplicate keys are an error. Not supported, with an
/// error: explicit `? ` keys and collections as keys. `<<` merge keys (YAML 1.1) are ordinary keys.
public enum YAMLParser {
    /// The one document of `text`, nil when the text holds none (empty, or only comments). More than one
    /// document is an error.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        var parser = try Parser(text)
        guard let first = try parser.document() else { return nil }
        if try parser.document() != nil {
            throw YAMLError(.multipleDocuments, at: parser.lastDocumentMark)
        }
        return first
    }

    /// Every document of `text`, in order.
    public static func parseAll(_ text: String) throws(YAMLError) -> [YAMLNode] {
        var parser = try Parser(text)
        var documents: [YAMLNode] = []
        while let document = try parser.document() { documents.append(document) }
        return documents
    }
}

/// A parsed node and its expanded size (scalar bytes plus one per node, aliases counted at full size).
struct Parsed {
    var node: YAMLNode
    var weight: Int
}

/// Where a block node is being read: what may follow on the same line.
enum BlockContext {
    /// At the top of a document: anything.
    case document
    /// After `- `: a nested sequence or a mapping may start on the same line.
    case sequenceEntry
    /// After `key:`: only a scalar, a flow collection or an alias on the same line.
    case mappingValue
}

struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0
    var depth = 0
    var aliases = 0
    var aliasExpansion = 0
    var anchors: [String: Parsed] = [:]
    var finished = false
    var lastDocumentMark = YAMLMark(line: 1, column: 1)

    init(_ text: String) throws(YAMLError) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
        if let nul = bytes.firstIndex(of: 0) {
            index = nul
            throw YAMLError(.nulCharacter, at: mark)
        }
    }

    // MARK: Position

    var atEnd: Bool { index >= bytes.count }
    var column: Int { index - lineStart }

    func peek(_ offset: Int = 0) -> UInt8 {
        index + offset < bytes.count ? bytes[index + offset] : 0
    }

    /// Whether the byte at `offset` is a space, tab, line break or the end.
    func isBlankOrEnd(_ offset: Int = 0) -> Bool {
        switch peek(offset) {
        case 0, 0x20, 0x09, 0x0A, 0x0D: true
        default: false
        }
    }

    func isBreak(_ offset: Int = 0) -> Bool { peek(offset) == 0x0A || peek(offset) == 0x0D }

    /// The current position as users count it (columns in Unicode scalars).
    var mark: YAMLMark {
        let end = min(index, bytes.count)
        let scalars = bytes[lineStart..<max(lineStart, end)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return YAMLMark(line: line, column: scalars + 1)
    }

    /// Consumes one line break (LF, CR or CR LF).
    mutating func consumeBreak() {
        if peek() == 0x0D && peek(1) == 0x0A { index += 2 } else { index += 1 }
        line += 1
        lineStart = index
    }

    /// Whether `---` or `...` followed by a blank starts at the current position, at the start of a line.
    func atDocumentMarker() -> Bool {
        guard column == 0, index + 3 <= bytes.count else { return false }
        let three = (peek(), peek(1), peek(2))
        guard three == (0x2D, 0x2D, 0x2D) || three == (0x2E, 0x2E, 0x2E) else { return false }
        return isBlankOrEnd(3)
    }

    /// Skips spaces, tabs, comments and line breaks up to the next content; tabs before content at the start of
    /// a line are indentation, which YAML does not allow in block context.
    mutating func skipToContent(flow: Bool = false) throws(YAMLError) {
        var tab: YAMLMark?
        var atLineStart = column == 0
        while !atEnd {
            switch peek() {
            case 0x20: index += 1
            case 0x09:
                if atLineStart && tab == nil { tab = mark }
                index += 1
            case 0x23:
                while !atEnd && !isBreak() { index += 1 }
            case 0x0A, 0x0D:
                consumeBreak()
                atLineStart = true
                tab = nil
            default:
                if let tab, !flow { throw YAMLError(.tabIndentation, at: tab) }
                return
            }
        }
    }

    /// After an inline node: only spaces, tabs and a comment may follow before the line ends.
    mutating func expectLineEnd(after what: String) throws(YAMLError) {
        while peek() == 0x20 || peek() == 0x09 { index += 1 }
        if peek() == 0x23 || atEnd || isBreak() { return }
        throw YAMLError(.unexpected(found: describeCurrent(), expected: "the end of the line after \(what)"), at: mark)
    }

    /// The character at the current position, quoted, for messages.
    func describeCurrent() -> String {
        if atEnd { return "the end of the text" }
        var end = index + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'\(String(decoding: bytes[index..<end], as: UTF8.self))'"
    }

    mutating func enter() throws(YAMLError) {
        depth += 1
        if depth > YAMLLimits.maxDepth { throw YAMLError(.tooDeep(limit: YAMLLimits.maxDepth), at: mark) }
    }

    // MARK: Documents

    /// The next document, nil at the end of the stream.
    mutating func document() throws(YAMLError) -> YAMLNode? {
        guard !finished else { return nil }
        anchors = [:]
        aliases = 0
        aliasExpansion = 0
        while true {
            try skipToContent()
            if atEnd {
                finished = true
                return nil
            }
            if column == 0 && peek() == 0x25 {  // %YAML, %TAG: directives are skipped.
                while !atEnd && !isBreak() { index += 1 }
                continue
            }
            if atDocumentMarker() && peek() == 0x2E {  // `...` with no document before it.
                index += 3
                continue
            }
            break
        }
        lastDocumentMark = mark
        if atDocumentMarker() && peek() == 0x2D {
            index += 3
        }
        let parsed = try blockNode(indent: -1, context: .document)
        try skipToContent()
        if atEnd {
            finished = true
        } else if atDocumentMarker() {
            if peek() == 0x2E {
                index += 3
                try expectLineEnd(after: "'...'")
            }
        } else {
            throw YAMLError(
                .unexpected(found: describeCurrent(), expected: "the end of the document (is the indentation right?)"),
                at: mark)
        }
        return parsed.node
    }

    // MARK: Block structure

    /// A node indented more than `indent` (the enclosing collection's column, -1 at the top). A mapping's value
    /// may also be a block sequence at exactly `indent`. Nothing there is an empty (null) scalar.
    mutating func blockNode(indent: Int, context: BlockContext) throws(YAMLError) -> Parsed {
        let startLine = line
        let startMark = mark
        try skipToContent()
        let newLine = line != startLine || context == .document && column == 0
        if atEnd || atDocumentMarker() { return empty(at: startMark) }
        if newLine && column <= indent {
            let compact = context == .mappingValue && column == indent && peek() == 0x2D && isBlankOrEnd(1)
            if !compact { return empty(at: startMark) }
        }
        // Properties: an anchor and a tag, in either order.
        let nodeColumn = column
        let propertiesLine = line
        var anchor: String?
        var tag: String?
        var propertiesMark: YAMLMark?
        while peek() == 0x26 || peek() == 0x21 {
            propertiesMark = propertiesMark ?? mark
            if peek() == 0x26 {
                anchor = try anchorName()
            } else {
                tag = try tagName()
            }
            while peek() == 0x20 || peek() == 0x09 { index += 1 }
        }
        if let propertiesMark, peek() == 0x23 || atEnd || isBreak() {
            // Properties alone on their line belong to the node on the lines below.
            var parsed = try blockNode(indent: indent, context: context)
            if line == propertiesLine && parsed.node.scalar == "" { parsed.node.mark = propertiesMark }
            return register(parsed, tag: tag, anchor: anchor)
        }
        let start = mark
        let column = self.column
        let inline = !newLine && context == .mappingValue
        switch peek() {
        case 0x2D where isBlankOrEnd(1):
            if inline {
                throw YAMLError(
                    .unexpected(found: "'- '", expected: "a value (a sequence starts on its own line)"), at: start)
            }
            return register(try blockSequence(column: column), tag: tag, anchor: anchor)
        case 0x3F where isBlankOrEnd(1):
            throw YAMLError(.explicitKey, at: start)
        case 0x7C, 0x3E:
            let parsed = try blockScalar(indent: indent)
            return register(parsed, tag: tag, anchor: anchor)
        default:
            break
        }
        // A scalar, flow collection or alias: the value itself, or the first key of a mapping at this column.
        let first = try inlineNode(indent: indent)
        let keyLine = line
        while peek() == 0x20 || peek() == 0x09 { index += 1 }
        if peek() == 0x3A && isBlankOrEnd(1) {
            if inline {
                throw YAMLError(
                    .unexpected(found: "':'", expected: "a value (a mapping in a value starts on its own line)"),
                    at: mark)
            }
            if first.startLine != keyLine { throw YAMLError(.multilineKey, at: start) }
            let key = register(first.parsed, tag: tag, anchor: anchor)
            return try blockMapping(column: nodeColumn, firstKey: key, keyMark: start)
        }
        try expectLineEnd(after: "a value")
        return register(first.parsed, tag: tag, anchor: anchor)
    }

    /// A scalar, flow collection or alias starting at the current position, and the line it started on.
    mutating func inlineNode(indent: Int) throws(YAMLError) -> (parsed: Parsed, startLine: Int) {
        let startLine = line
        let start = mark
        switch peek() {
        case 0x5B, 0x7B:
            return (try flowCollection(), startLine)
        case 0x2A:
            return (try alias(), startLine)
        case 0x22, 0x27:
            let text = try quotedScalar(double: peek() == 0x22)
            let style: YAMLNode.ScalarStyle = bytes[index - 1] == 0x22 ? .doubleQuoted : .singleQuoted
            return (Parsed(node: YAMLNode(.scalar(text, style), mark: start), weight: 1 + text.utf8.count), startLine)
        default:
            let text = try plainScalar(flow: false, indent: indent)
            return (Parsed(node: YAMLNode(.scalar(text, .plain), mark: start), weight: 1 + text.utf8.count), startLine)
        }
    }

    /// A block sequence whose dashes are at `column`.
    mutating func blockSequence(column: Int) throws(YAMLError) -> Parsed {
        let start = mark
        try enter()
        defer { depth -= 1 }
        var items: [YAMLNode] = []
        var weight = 1
        while true {
            index += 1  // the dash
            let item = try blockNode(indent: column, context: .sequenceEntry)
            items.append(item.node)
            weight += item.weight
            try skipToContent()
            if atEnd || atDocumentMarker() || self.column < column { break }
            if self.column > column { throw YAMLError(.badIndentation(of: "a sequence entry"), at: mark) }
            guard peek() == 0x2D && isBlankOrEnd(1) else { break }  // the enclosing mapping's next key
        }
        return Parsed(node: YAMLNode(.sequence(items), mark: start), weight: weight)
    }

    /// A block mapping whose keys are at `column`; the first key is read, the current position is its `:`.
    mutating func blockMapping(column: Int, firstKey: Parsed, keyMark: YAMLMark) throws(YAMLError) -> Parsed {
        try enter()
        defer { depth -= 1 }
        var pairs: [YAMLPair] = []
        var keys = Set<YAMLScalarValue>()
        var weight = 1
        var key = firstKey
        while true {
            index += 1  // the colon
            try addKey(key.node, to: &keys)
            let value = try blockNode(indent: column, context: .mappingValue)
            pairs.append(YAMLPair(key: key.node, value: value.node))
            weight += key.weight + value.weight
            try skipToContent()
            if atEnd || atDocumentMarker() || self.column < column { break }
            if self.column > column { throw YAMLError(.badIndentation(of: "a mapping key"), at: mark) }
            key = try blockKey(indent: column)
        }
        return Parsed(node: YAMLNode(.mapping(pairs), mark: keyMark), weight: weight)
    }

    /// The next key of a block mapping (with its properties), up to its `:`.
    mutating func blockKey(indent: Int) throws(YAMLError) -> Parsed {
        let start = mark
        var anchor: String?
        var tag: String?
        while peek() == 0x26 || peek() == 0x21 {
            if peek() == 0x26 { anchor = try anchorName() } else { tag = try tagName() }
            while peek() == 0x20 || peek() == 0x09 { index += 1 }
        }
        if peek() == 0x3F && isBlankOrEnd(1) { throw YAMLError(.explicitKey, at: mark) }
        if peek() == 0x2D && isBlankOrEnd(1) {
            throw YAMLError(.unexpected(found: "'- '", expected: "a mapping key"), at: mark)
        }
        let key = try inlineNode(indent: indent)
        let keyLine = line
        while peek() == 0x20 || peek() == 0x09 { index += 1 }
        guard peek() == 0x3A && isBlankOrEnd(1) else {
            throw YAMLError(.unexpected(found: describeCurrent(), expected: "':' after a mapping key"), at: mark)
        }
        if key.startLine != keyLine { throw YAMLError(.multilineKey, at: start) }
        return register(key.parsed, tag: tag, anchor: anchor)
    }

    /// Records a key, refusing a collection or one already in the mapping.
    func addKey(_ key: YAMLNode, to keys: inout Set<YAMLScalarValue>) throws(YAMLError) {
        let value = key.value
        if value == .collection { throw YAMLError(.complexKey, at: key.mark) }
        guard keys.insert(value).inserted else {
            throw YAMLError(.duplicateKey(key.scalar ?? ""), at: key.mark)
        }
    }

    func empty(at mark: YAMLMark) -> Parsed {
        Parsed(node: YAMLNode(.scalar("", .plain), mark: mark), weight: 1)
    }

    /// Applies a node's tag and records its anchor.
    mutating func register(_ parsed: Parsed, tag: String?, anchor: String?) -> Parsed {
        var parsed = parsed
        if let tag { parsed.node.tag = tag }
        if let anchor { anchors[anchor] = parsed }
        return parsed
    }

    // MARK: Anchors, aliases, tags

    /// `&name` or `*name`: the name, up to a blank or a flow indicator.
    mutating func propertyName() throws(YAMLError) -> String {
        let sigil = mark
        index += 1
        let start = index
        while !isBlankOrEnd() {
            switch peek() {
            case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D: break
            default:
                index += 1
                continue
            }
            break
        }
        guard index > start else {
            throw YAMLError(.unexpected(found: describeCurrent(), expected: "an anchor or alias name"), at: sigil)
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func anchorName() throws(YAMLError) -> String { try propertyName() }

    /// An alias: a copy of the anchored node, counted against the limits.
    mutating func alias() throws(YAMLError) -> Parsed {
        let start = mark
        let name = try propertyName()
        guard var parsed = anchors[name] else { throw YAMLError(.undefinedAlias(name), at: start) }
        aliases += 1
        if aliases > YAMLLimits.maxAliases {
            throw YAMLError(.tooManyAliases(limit: YAMLLimits.maxAliases), at: start)
        }
        aliasExpansion += parsed.weight
        if aliasExpansion > YAMLLimits.maxAliasExpansion {
            throw YAMLError(.aliasExpansionTooLarge(limit: YAMLLimits.maxAliasExpansion), at: start)
        }
        parsed.node.mark = start
        return parsed
    }

    /// A tag: `!local`, `!!core` (expanded to `tag:yaml.org,2002:core`), `!<verbatim>`, or `!` alone.
    mutating func tagName() throws(YAMLError) -> String {
        let start = mark
        index += 1
        if peek() == 0x3C {
            index += 1
            let begin = index
            while !atEnd && peek() != 0x3E && !isBreak() { index += 1 }
            guard peek() == 0x3E else {
                throw YAMLError(.unexpected(found: describeCurrent(), expected: "'>'"), at: start)
            }
            index += 1
            return String(decoding: bytes[begin..<(index - 1)], as: UTF8.self)
        }
        let begin = index
        while !isBlankOrEnd() {
            switch peek() {
            case 0x2C, 0x5B, 0x5D, 0x7B, 0x7D: break
            default:
                index += 1
                continue
            }
            break
        }
        let text = String(decoding: bytes[begin..<index], as: UTF8.self)
        if text.hasPrefix("!") { return "tag:yaml.org,2002:" + text.dropFirst() }
        return "!" + text
    }
}

extension YAMLError.Reason {
    static func badIndentation(of what: String) -> Self { .badIndentation(what) }
}
