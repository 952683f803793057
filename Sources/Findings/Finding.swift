/// A 1-based span in a source file: where a Dockerfile finding points.
public struct SourceRange: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int

    public init(line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }
}

/// The static description of a check: what `shipshape rules` lists and SARIF's `rules[]` carries.
public struct RuleDescriptor: Sendable, Hashable {
    /// Stable id: `SS` and four digits.
    public var id: String
    /// Kebab-case name, stable too.
    public var name: String
    public var practice: Practice
    public var severity: Severity
    /// One sentence: what the rule reports.
    public var summary: String
    /// The full documentation (Markdown): what, why, a bad and a good example.
    public var documentation: String

    public init(
        id: String, name: String, practice: Practice, severity: Severity, summary: String, documentation: String
    ) {
        self.id = id
        self.name = name
        self.practice = practice
        self.severity = severity
        self.summary = summary
        self.documentation = documentation
    }
}

/// One finding, from `lint` (with `file` and `range`) or from `inspect` (with `layer` and `path`).
public struct Finding: Sendable, Hashable {
    public var rule: String
    public var name: String
    public var practice: Practice
    public var severity: Severity
    public var message: String
    /// What to do about it, for people (the text report's hint line).
    public var hint: String?
    public var file: String?
    public var range: SourceRange?
    /// Layer digest, for image findings.
    public var layer: String?
    /// Path inside the image, for image findings.
    public var path: String?
    /// The automatic fix, when the rule has a safe one.
    public var fix: Fix?

    public init(
        rule: String, name: String, practice: Practice, severity: Severity, message: String, hint: String? = nil,
        file: String? = nil, range: SourceRange? = nil, layer: String? = nil, path: String? = nil, fix: Fix? = nil
    ) {
        self.rule = rule
        self.name = name
        self.practice = practice
        self.severity = severity
        self.message = message
        self.hint = hint
        self.file = file
        self.range = range
        self.layer = layer
        self.path = path
        self.fix = fix
    }

    /// A finding for `descriptor`, with its id, name, practice and default severity.
    public init(
        _ descriptor: RuleDescriptor, message: String, hint: String? = nil, file: String? = nil,
        range: SourceRange? = nil, layer: String? = nil, path: String? = nil, fix: Fix? = nil
    ) {
        self.init(
            rule: descriptor.id, name: descriptor.name, practice: descriptor.practice,
            severity: descriptor.severity, message: message, hint: hint, file: file, range: range, layer: layer,
            path: path, fix: fix)
    }
}

/// A machine-applicable fix: replacements of whole source spans.
public struct Fix: Sendable, Hashable {
    public var description: String
    public var edits: [TextEdit]

    public init(description: String, edits: [TextEdit]) {
        self.description = description
        self.edits = edits
    }
}

/// Replace the UTF-8 bytes `[start, end)` of the file with `replacement`.
public struct TextEdit: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var replacement: String

    public init(start: Int, end: Int, replacement: String) {
        self.start = start
        self.end = end
        self.replacement = replacement
    }
}
