import Findings
import ImageAnalysis
import Lint

extension LanguageServer {
    /// The configuration for a document, cached by directory; a configuration that cannot be read is reported
    /// and the defaults are used.
    mutating func configuration(for open: OpenDocument) -> Result<Configuration, ConfigurationError> {
        guard let path = open.path else { return .success(Configuration()) }
        let key = FileSystemWorkspace.directory(of: path)
        if let cached = configurations[key] { return cached }
        let loaded = workspace.configuration(forDocumentAt: path)
        configurations[key] = loaded
        return loaded
    }

    /// Lints the document if its findings are not those of its current version; returns the configuration error,
    /// if any.
    @discardableResult
    mutating func lint(uri: String) -> ConfigurationError? {
        guard var open = documents[uri] else { return nil }
        let loaded = configuration(for: open)
        var configurationError: ConfigurationError?
        let configuration: Configuration
        switch loaded {
        case .success(let value): configuration = value
        case .failure(let error):
            configurationError = error
            configuration = Configuration()
        }
        if open.lintedVersion != open.document.version {
            if open.document.bytes.count > options.maximumDocumentBytes {
                open.findings = []
            } else {
                open.findings = linter.lint(
                    open.document.text, path: open.path ?? "Dockerfile", configuration: configuration,
                    buildContext: open.path.flatMap { workspace.buildContext(forDocumentAt: $0) })
            }
            open.lintedVersion = open.document.version
            documents[uri] = open
        }
        return configurationError
    }

    /// The `textDocument/publishDiagnostics` notification for a document, linted afresh.
    mutating func diagnostics(uri: String) -> JSONValue {
        // The configuration may have changed since the last lint: lint again.
        documents[uri]?.lintedVersion = nil
        let configurationError = lint(uri: uri)
        guard let open = documents[uri] else { return LanguageServer.publish(uri: uri, version: nil, diagnostics: []) }
        var diagnostics = open.findings.map { diagnostic($0, in: open.document) }
        let top = JSONValue.object([
            "start": Position(line: 0, character: 0).json, "end": Position(line: 0, character: 0).json,
        ])
        if let configurationError {
            diagnostics.insert(
                .object([
                    "range": top, "severity": .int(1), "source": .string("shipshape"),
                    "message": .string("the configuration is not used: \(configurationError.description)"),
                ]), at: 0)
        }
        if open.document.bytes.count > options.maximumDocumentBytes {
            diagnostics.append(
                .object([
                    "range": top, "severity": .int(3), "source": .string("shipshape"),
                    "message": .string(
                        "not linted: the document is over \(LanguageServer.size(options.maximumDocumentBytes))"),
                ]))
        }
        return LanguageServer.publish(uri: uri, version: open.document.version, diagnostics: diagnostics)
    }

    func diagnostic(_ finding: Finding, in document: TextDocument) -> JSONValue {
        let range =
            finding.range.map(document.range(of:))
            ?? LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0))
        var message = finding.message
        if let hint = finding.hint { message += "\nhint: " + hint }
        let severity: Int =
            switch finding.severity {
            case .error: 1
            case .warning: 2
            case .info: 3
            }
        return .object([
            "range": range.json, "severity": .int(severity), "source": .string("shipshape"),
            "code": .string(finding.rule), "message": .string(message),
            "data": .object(["name": .string(finding.name), "practice": .string(finding.practice.rawValue)]),
        ])
    }

    // MARK: Code actions

    /// `textDocument/codeAction`: each safe fix whose finding touches the range, as a quick fix; and all of the
    /// document's safe fixes applied together (`source.fixAll.shipshape`).
    mutating func codeActions(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, documents[uri] != nil,
            let range = LSPRange(params["range"])
        else { return .array([]) }
        lint(uri: uri)
        guard let open = documents[uri] else { return .array([]) }
        let only = params["context"]?["only"]?.arrayValue?.compactMap(\.stringValue)
        func wanted(_ kind: String) -> Bool {
            only.map { kinds in kinds.contains { kind == $0 || kind.hasPrefix($0 + ".") } } ?? true
        }
        var actions: [JSONValue] = []
        if wanted("quickfix") {
            for finding in open.findings {
                guard let fix = finding.fix, let findingRange = finding.range else { continue }
                let lspRange = open.document.range(of: findingRange)
                guard lspRange.start <= range.end, range.start <= lspRange.end else { continue }
                actions.append(
                    .object([
                        "title": .string("\(finding.rule): \(fix.description)"), "kind": .string("quickfix"),
                        "isPreferred": .bool(true),
                        "diagnostics": .array([diagnostic(finding, in: open.document)]),
                        "edit": workspaceEdit(uri: uri, edits: fix.edits, in: open.document),
                    ]))
            }
        }
        if wanted("source.fixAll.shipshape"), open.findings.contains(where: { $0.fix != nil }),
            case .success(let configuration) = configuration(for: open)
        {
            let text = open.document.text
            let (fixed, _) = Fixer.fix(
                text, path: open.path ?? "Dockerfile", linter: linter, configuration: configuration,
                buildContext: open.path.flatMap { workspace.buildContext(forDocumentAt: $0) })
            if fixed != text {
                let whole = TextEdit(start: 0, end: open.document.bytes.count, replacement: fixed)
                actions.append(
                    .object([
                        "title": .string("Apply all shipshape safe fixes"), "kind": .string("source.fixAll.shipshape"),
                        "edit": workspaceEdit(uri: uri, edits: [whole], in: open.document),
                    ]))
            }
        }
        return .array(actions)
    }

    func workspaceEdit(uri: String, edits: [TextEdit], in document: TextDocument) -> JSONValue {
        let converted = edits.map { edit in
            JSONValue.object([
                "range": LSPRange(start: document.position(of: edit.start), end: document.position(of: edit.end)).json,
                "newText": .string(edit.replacement),
            ])
        }
        return .object(["changes": .object([uri: .array(converted)])])
    }

    // MARK: Hover

    /// `textDocument/hover`: on a flagged range, its findings and their rules' documentation; on a rule id
    /// (anywhere) or a rule name (in a comment, as `# shipshape ignore=` writes them), that rule's documentation.
    mutating func hover(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, documents[uri] != nil,
            let position = Position(params["position"])
        else { return .null }
        lint(uri: uri)
        guard let open = documents[uri] else { return .null }
        let document = open.document
        var sections: [String] = []
        var range: LSPRange?
        for finding in open.findings {
            guard let findingRange = finding.range else { continue }
            let lspRange = document.range(of: findingRange)
            guard lspRange.start <= position, position < lspRange.end || position == lspRange.start else { continue }
            range = range ?? lspRange
            var text = "**\(finding.rule) \(finding.name)** (\(finding.severity.rawValue)): \(finding.message)"
            if let hint = finding.hint { text += "\n\n*Hint:* \(hint)" }
            if let rule = RuleRegistry.rule(finding.rule) {
                text += "\n\n" + LanguageServer.documentation(rule.descriptor)
            }
            sections.append(text)
        }
        if sections.isEmpty, let (word, wordRange) = word(at: position, in: document),
            let rule = RuleRegistry.rule(word)?.descriptor ?? ImageRules.rule(named: word),
            word.uppercased().hasPrefix("SS") || isComment(line: position.line, in: document)
        {
            // A lint rule, or an image check (SS1xxx, as a comment may name what `inspect` will say).
            sections.append(LanguageServer.documentation(rule))
            range = wordRange
        }
        guard !sections.isEmpty else { return .null }
        var result: [String: JSONValue] = [
            "contents": .object([
                "kind": .string("markdown"), "value": .string(sections.joined(separator: "\n\n---\n\n")),
            ])
        ]
        if let range { result["range"] = range.json }
        return .object(result)
    }

    /// `bytes` for people: whole MiB when it is some, else bytes.
    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    static func documentation(_ rule: RuleDescriptor) -> String {
        "### \(rule.id) \(rule.name)\n\npractice: `\(rule.practice.rawValue)` (\(rule.practice.summary)); "
            + "default severity: \(rule.severity.rawValue)\n\n\(rule.documentation)"
    }

    /// The word of letters, digits and `-` around `position`, with its range.
    func word(at position: Position, in document: TextDocument) -> (String, LSPRange)? {
        let offset = document.offset(of: position)
        let bytes = document.bytes
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        }
        var start = offset
        while start > 0, isWordByte(bytes[start - 1]), offset - start < 64 { start -= 1 }
        var end = offset
        while end < bytes.count, isWordByte(bytes[end]), end - offset < 64 { end += 1 }
        guard end > start else { return nil }
        return (
            String(decoding: bytes[start..<end], as: UTF8.self),
            LSPRange(start: document.position(of: start), end: document.position(of: end))
        )
    }

    func isComment(line: Int, in document: TextDocument) -> Bool {
        guard line >= 0, line < document.lineStarts.count else { return false }
        var index = document.lineStarts[line]
        while index < document.bytes.count,
            document.bytes[index] == UInt8(ascii: " ") || document.bytes[index] == UInt8(ascii: "\t")
        {
            index += 1
        }
        return index < document.bytes.count && document.bytes[index] == UInt8(ascii: "#")
    }
}
