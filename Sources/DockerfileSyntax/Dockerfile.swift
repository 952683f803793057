/// A parsed Dockerfile: its directives, instructions, stages, comments and syntax errors.
///
/// Parsing follows BuildKit's dockerfile frontend (`moby/buildkit/frontend/dockerfile/parser` and `instructions`)
/// and never fails: what BuildKit rejects becomes a ``SyntaxError`` and parsing goes on with the rest of the file.
///
/// ```swift
/// let file = Dockerfile.parse("FROM alpine:3.20\nRUN apk add --no-cache curl\n")
/// for command in file.commands(named: "apk") { print(command.subcommand ?? "", command.arguments) }
/// ```
public struct Dockerfile: Sendable {
    /// The file name given to `parse`, if any (only used in messages).
    public let path: String?
    /// The bytes and the line table.
    public let source: Source
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) from the top of the file.
    public internal(set) var directives: [ParserDirective]
    /// The escape character in effect (`\` unless `# escape=` says otherwise).
    public internal(set) var escape: EscapeCharacter
    /// Every instruction in file order. An ONBUILD's trigger is in its ``Instruction/onbuild`` property.
    public internal(set) var instructions: [Instruction]
    /// Every comment line (directives included), in file order, also those inside continued instructions.
    public internal(set) var comments: [Comment]
    /// What BuildKit would reject, in file order.
    public internal(set) var errors: [SyntaxError]
    /// What BuildKit accepts but warns about while parsing (empty continuation lines, …).
    public internal(set) var warnings: [SyntaxError]
    /// The build stages, one per FROM, in order.
    public internal(set) var stages: [Stage]
    /// ARG instructions before the first FROM (their indices in ``instructions``).
    public internal(set) var globalArgIndices: [Int]
    /// The variables of the global scope (ARGs before the first FROM), for expanding FROM lines.
    public internal(set) var globalScope: VariableScope

    /// The global ARG instructions (before the first FROM).
    public var globalArgs: [Instruction] { globalArgIndices.map { instructions[$0] } }

    /// The last stage: what `docker build` builds without `--target`.
    public var finalStage: Stage? { stages.last }

    /// The stage called `name` (compared case-insensitively, as BuildKit does), or the stage at that index.
    public func stage(named name: String) -> Stage? {
        let lowered = name.lowercased()
        if let stage = stages.first(where: { $0.name?.lowercased() == lowered }) { return stage }
        if let index = Int(name), index >= 0, index < stages.count { return stages[index] }
        return nil
    }

    /// The stage that holds the instruction at `index` in ``instructions`` (nil for global ARGs and errors before FROM).
    public func stage(containing instruction: Instruction) -> Stage? {
        guard let index = instruction.stageIndex, index < stages.count else { return nil }
        return stages[index]
    }

    /// Indices of the stages the final stage needs: itself, its base stage, and every stage it copies from or
    /// mounts from, transitively. Sorted ascending.
    public var stagesNeededByFinal: [Int] {
        guard let final = stages.last else { return [] }
        return neededStages(from: final.index)
    }

    /// Indices of the stages needed to build stage `index`, itself included, sorted ascending.
    public func neededStages(from index: Int) -> [Int] {
        var seen = Set<Int>()
        var work = [index]
        while let next = work.popLast() {
            guard next >= 0, next < stages.count, seen.insert(next).inserted else { continue }
            let stage = stages[next]
            if let base = stage.baseStageIndex { work.append(base) }
            for dependency in stage.dependencies {
                if case .stage(let other) = dependency.reference { work.append(other) }
            }
        }
        return seen.sorted()
    }

    /// Every shell command run by RUN (and the shell forms of CMD/ENTRYPOINT/HEALTHCHECK) instructions, in order.
    public var allCommands: [ShellCommand] {
        instructions.flatMap { instruction in
            instruction.commands + (instruction.onbuild?.commands ?? [])
        }
    }

    /// The shell commands named `name` (after unquoting; `/usr/bin/apt-get` matches `apt-get`) in RUN instructions.
    public func commands(named name: String) -> [ShellCommand] {
        instructions.flatMap { instruction in
            instruction.keyword == .run ? instruction.commands.filter { $0.isNamed(name) } : []
        }
    }

    /// The comment lines directly above the instruction (no blank line between), nearest last.
    public func commentsAbove(_ instruction: Instruction) -> [Comment] {
        var result: [Comment] = []
        var line = instruction.span.start.line - 1
        var index = comments.lastIndex(where: { $0.line <= line }) ?? -1
        while index >= 0, comments[index].line == line {
            result.append(comments[index])
            line -= 1
            index -= 1
        }
        return result.reversed()
    }
}

/// The escape character: backslash (default) or backtick (`# escape=\``).
public enum EscapeCharacter: UInt8, Sendable, Hashable {
    case backslash = 0x5C
    case backtick = 0x60

    public var character: Character { self == .backslash ? "\\" : "`" }
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
public struct ParserDirective: Sendable, Hashable {
    /// The directive name, lower-cased (`syntax`, `escape`, `check`).
    public var name: String
    /// The value, trimmed.
    public var value: String
    /// The whole comment line.
    public var span: SourceSpan
    /// The value only.
    public var valueSpan: SourceSpan
}

/// A comment line (`#` as the first non-blank character of a line).
public struct Comment: Sendable, Hashable {
    /// The text after `#`, trimmed of surrounding whitespace.
    public var text: String
    /// 1-based line.
    public var line: Int
    /// The whole comment, from `#` to the end of the line.
    public var span: SourceSpan
    /// Whether the comment sits inside a continued instruction (between continuation lines).
    public var isInsideInstruction: Bool
}

/// A problem in the Dockerfile that BuildKit rejects (or, in ``Dockerfile/warnings``, warns about).
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in BuildKit's words where it has them.
    public var message: String
    /// Where.
    public var span: SourceSpan
    /// A short stable identifier for the kind of problem (e.g. `unknown-instruction`, `unterminated-heredoc`).
    public var kind: Kind

    /// The kinds of syntax errors.
    public enum Kind: String, Sendable, Hashable {
        case directive
        case unknownInstruction = "unknown-instruction"
        case unknownFlag = "unknown-flag"
        case invalidFlag = "invalid-flag"
        case missingArguments = "missing-arguments"
        case tooManyArguments = "too-many-arguments"
        case invalidArgument = "invalid-argument"
        case jsonNotStrings = "json-not-strings"
        case unterminatedHeredoc = "unterminated-heredoc"
        case invalidHeredoc = "invalid-heredoc"
        case noStage = "no-stage"
        case invalidStageName = "invalid-stage-name"
        case duplicateStageName = "duplicate-stage-name"
        case onbuild
        case variable
        case emptyContinuation = "empty-continuation"
        case emptyFile = "empty-file"
    }

    public init(_ message: String, span: SourceSpan, kind: Kind) {
        self.message = message
        self.span = span
        self.kind = kind
    }

    public var description: String { "\(span.start): \(message)" }
}
