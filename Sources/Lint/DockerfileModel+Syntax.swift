import DockerfileSyntax
import Findings

/// Builds the rules' model from the parser's syntax tree: the only file that knows the parser's types.
extension DockerfileModel {
    /// Parses `text` with the BuildKit-compatible parser and builds the model.
    public init(parsing text: String) {
        self.init(syntax: Dockerfile.parse(text))
    }

    init(syntax file: Dockerfile) {
        var instructions: [Instruction] = []
        var stages: [Stage] = []
        let source = file.source
        let escape = file.escape
        for stage in file.stages {
            let converted = stage.instructions.map {
                Instruction(syntax: $0, stage: stage, global: file.globalScope, source: source, escape: escape)
            }
            let from = converted.first { $0.keyword == "FROM" } ?? converted[0]
            stages.append(
                Stage(
                    index: stage.index, name: stage.name, from: from,
                    base: stage.baseImageExpanded.isKnown ? stage.baseImageExpanded.value : stage.baseImage,
                    baseIsSymbolic: !stage.baseImageExpanded.isKnown, baseStage: stage.baseStageIndex,
                    instructions: Array(converted.dropFirst(converted.first?.keyword == "FROM" ? 1 : 0))))
        }
        // Each stage's converted instructions by start offset (the first one wins, as a search in order would).
        let byOffset = stages.map { stage in
            Dictionary(stage.instructions.map { ($0.startOffset, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for instruction in file.instructions {
            if let index = instruction.stageIndex, index < stages.count {
                let stage = stages[index]
                if instruction.keyword == .from {
                    instructions.append(stage.from)
                } else if let converted = byOffset[index][instruction.span.start.offset] {
                    instructions.append(converted)
                }
            } else {
                instructions.append(
                    Instruction(
                        syntax: instruction, stage: nil, global: file.globalScope, source: source, escape: escape))
            }
        }
        var directives: [String: String] = [:]
        for directive in file.directives { directives[directive.name] = directive.value }
        directives["escape"] = String(escape.character)
        self.init(
            instructions: instructions, stages: stages,
            syntaxErrors: file.errors.map {
                SyntaxProblem(message: $0.message, range: SourceRange($0.span), kind: $0.kind.rawValue)
            },
            directives: directives)
        parserWarnings = file.warnings.map {
            SyntaxProblem(message: $0.message, range: SourceRange($0.span), kind: $0.kind.rawValue)
        }
        basesWithDefaultsOnly = file.stages.map { stage in
            let expanded = file.globalScope.expandWithDefaultsOnly(stage.baseImage, escape: escape)
            return expanded.isKnown ? expanded.value : nil
        }
    }
}

extension SourceRange {
    init(_ span: SourceSpan) {
        self.init(
            line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column)
    }
}

extension Instruction {
    init(
        syntax: DockerfileSyntax.Instruction, stage: DockerfileSyntax.Stage?, global: VariableScope, source: Source,
        escape: EscapeCharacter
    ) {
        /// A word's value: expanded when every variable is known, otherwise unquoted with variables as written.
        func value(_ raw: String) -> String {
            let expanded = stage?.expand(raw, before: syntax, escape: escape) ?? global.expand(raw, escape: escape)
            if expanded.isKnown { return expanded.value }
            return VariableScope().expand(raw, escape: escape).value
        }
        let keyword: String
        switch syntax.keyword {
        case .unknown(let text): keyword = text.uppercased()
        default: keyword = syntax.keyword.description
        }
        var text: String
        switch syntax.arguments {
        case .shell(let shell, _): text = shell
        case .exec(_, let span): text = source.text(span.byteRange)
        case .none: text = ""
        }
        if syntax.keyword == .healthcheck || syntax.keyword == .onbuild { text = syntax.text }
        var words: [String]
        if let copy = syntax.copy {
            words = (copy.sources + (copy.destination.map { [$0] } ?? [])).map {
                copy.isExecForm ? $0.text : value($0.text)
            }
        } else if let exec = syntax.arguments.execValues {
            words = exec
        } else {
            words = syntax.words.map { value($0.text) }
        }
        var pairs: [KeyValue] = []
        if let env = syntax.env ?? syntax.label {
            pairs = env.map { pair in
                KeyValue(key: pair.key, value: value(pair.rawValue), range: SourceRange(pair.span))
            }
        } else if let args = syntax.arg {
            pairs = args.map { arg in
                KeyValue(key: arg.name, value: arg.rawDefault.map(value), range: SourceRange(arg.span))
            }
        }
        let commands = syntax.commands.compactMap(ShellCommand.init)
        self.init(
            keyword: keyword, keywordText: syntax.keywordText, range: SourceRange(syntax.span),
            stageIndex: syntax.stageIndex,
            flags: syntax.flags.map { InstructionOption(name: $0.name, value: $0.value) }, text: text,
            execForm: syntax.arguments.execValues, words: words, pairs: pairs,
            heredocs: syntax.heredocs.map {
                Heredoc(delimiter: $0.delimiter, body: $0.content, firstLine: $0.bodySpan.start.line)
            },
            commands: commands, onbuildKeyword: syntax.onbuild.map { $0.keyword.description })
        startOffset = syntax.span.start.offset
        endOffset = syntax.lineSpan.end.offset
        argumentsOffset = syntax.arguments.span?.start.offset
        lastLine = syntax.lineSpan.end.line
        if let inner = syntax.onbuild {
            var converted = Instruction(syntax: inner, stage: stage, global: global, source: source, escape: escape)
            converted.stageIndex = syntax.stageIndex
            converted.isTrigger = true
            // The trigger's own lines are the ONBUILD's.
            converted.endOffset = endOffset
            converted.lastLine = lastLine
            trigger = converted
        }
    }
}
