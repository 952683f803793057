extension Parser {
    /// A flow sequence `[a, b, k: v]` or mapping `{k: v, k2}`, which may span lines.
    mutating func flowCollection() throws(YAMLError) -> Parsed {
        let start = mark
        let isSequence = peek() == 0x5B
        let closing: UInt8 = isSequence ? 0x5D : 0x7D
        let expected =
            (isSequence ? "',' or ']'" : "',' or '}'") + " to close the '\(isSequence ? "[" : "{")' at \(start)"
        try enter()
        defer { depth -= 1 }
        index += 1
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var keys = Set<YAMLScalarValue>()
        var weight = 1
        while true {
            try skipToContent(flow: true)
            guard !atEnd else {
                throw YAMLError(.unexpected(found: "the end of the text", expected: expected), at: mark)
            }
            if peek() == closing {
                index += 1
                break
            }
            if peek() == 0x3F && isBlankOrEnd(1) { throw YAMLError(.explicitKey, at: mark) }
            let entryMark = mark
            let key: Parsed
            if peek() == 0x3A && (isBlankOrEnd(1) || isFlowIndicator(peek(1))) {
                key = empty(at: entryMark)
            } else {
                key = try flowNode(closing: closing)
            }
            // JSON-style `"key":value`: after a quoted key or a collection, `:` needs no blank after it.
            let adjacent: Bool
            switch key.node.kind {
            case .scalar(_, let style): adjacent = style == .singleQuoted || style == .doubleQuoted
            default: adjacent = true
            }
            try skipToContent(flow: true)
            var value: Parsed?
            if peek() == 0x3A && (adjacent || isBlankOrEnd(1) || isFlowIndicator(peek(1))) {
                index += 1
                try skipToContent(flow: true)
                value = peek() == 0x2C || peek() == closing ? empty(at: mark) : try flowNode(closing: closing)
                try skipToContent(flow: true)
            }
            if isSequence {
                if let value {
                    var pairKeys = Set<YAMLScalarValue>()
                    try addKey(key.node, to: &pairKeys)
                    items.append(YAMLNode(.mapping([YAMLPair(key: key.node, value: value.node)]), mark: entryMark))
                    weight += 1 + key.weight + value.weight
                } else {
                    items.append(key.node)
                    weight += key.weight
                }
            } else {
                try addKey(key.node, to: &keys)
                let value = value ?? empty(at: mark)
                pairs.append(YAMLPair(key: key.node, value: value.node))
                weight += key.weight + value.weight
            }
            if peek() == 0x2C {
                index += 1
                continue
            }
            if peek() == closing {
                index += 1
                break
            }
            throw YAMLError(.unexpected(found: describeCurrent(), expected: expected), at: mark)
        }
        let kind: YAMLNode.Kind = isSequence ? .sequence(items) : .mapping(pairs)
        return Parsed(node: YAMLNode(kind, mark: start), weight: weight)
    }

    /// One node inside a flow collection, with its properties.
    mutating func flowNode(closing: UInt8) throws(YAMLError) -> Parsed {
        var anchor: String?
        var tag: String?
        while peek() == 0x26 || peek() == 0x21 {
            if peek() == 0x26 { anchor = try anchorName() } else { tag = try tagName() }
            try skipToContent(flow: true)
        }
        let start = mark
        let parsed: Parsed
        switch peek() {
        case 0x2C, closing:
            parsed = empty(at: start)
        case 0x5B, 0x7B:
            parsed = try flowCollection()
        case 0x2A:
            parsed = try alias()
        case 0x22, 0x27:
            let double = peek() == 0x22
            let text = try quotedScalar(double: double)
            let node = YAMLNode(.scalar(text, double ? .doubleQuoted : .singleQuoted), mark: start)
            parsed = Parsed(node: node, weight: 1 + text.utf8.count)
        default:
            let text = try plainScalar(flow: true, indent: -1)
            parsed = Parsed(node: YAMLNode(.scalar(text, .plain), mark: start), weight: 1 + text.utf8.count)
        }
        return register(parsed, tag: tag, anchor: anchor)
    }
}
