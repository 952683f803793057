import Testing

@testable import DockerfileSyntax

@Suite("Parser directives")
struct DirectiveTests {
    @Test("syntax, escape and check at the top, in any case and spacing")
    func topDirectives() throws {
        let file = Dockerfile.parse(
            "# syntax=docker/dockerfile:1\n#  ESCAPE = `\n# check=skip=JSONArgsRecommended\nFROM alpine\n")
        #expect(file.errors.isEmpty)
        #expect(file.directives.map(\.name) == ["syntax", "escape", "check"])
        #expect(file.directives.map(\.value) == ["docker/dockerfile:1", "`", "skip=JSONArgsRecommended"])
        #expect(file.escape == .backtick)
        let escape = try #require(file.directives.dropFirst().first)
        #expect(escape.span.start == SourcePosition(line: 2, column: 1, offset: 29))
        #expect(escape.valueSpan.start == SourcePosition(line: 2, column: 13, offset: 41))
    }

    @Test("a blank line after the syntax directive is valid and ends the directives")
    func blankLineEndsDirectives() {
        let file = Dockerfile.parse("# syntax=docker/dockerfile:1.4\n\n# escape=`\nFROM alpine\nRUN echo a \\\n  b\n")
        #expect(file.errors.isEmpty)
        #expect(file.directives.map(\.name) == ["syntax"])
        #expect(file.escape == .backslash)
        #expect(file.instructions.count == 2)
        #expect(file.instructions[1].text == "RUN echo a   b")
    }

    @Test("a comment that is not a directive ends the directives")
    func commentEndsDirectives() {
        let file = Dockerfile.parse("# hello\n# escape=`\nFROM alpine\n")
        #expect(file.directives.isEmpty)
        #expect(file.escape == .backslash)
        #expect(file.comments.map(\.text) == ["hello", "escape=`"])
    }

    @Test("an unknown directive name ends the directives")
    func unknownDirective() {
        let file = Dockerfile.parse("# foo=bar\n# syntax=x\nFROM alpine\n")
        #expect(file.directives.isEmpty)
    }

    @Test("a directive after an instruction is a comment")
    func directiveAfterInstruction() {
        let file = Dockerfile.parse("FROM alpine\n# escape=`\nRUN echo \\\n  ok\n")
        #expect(file.directives.isEmpty)
        #expect(file.instructions.count == 2)
    }

    @Test("a repeated directive is an error")
    func duplicate() throws {
        let file = Dockerfile.parse("# escape=\\\n# escape=`\nFROM alpine\n")
        let error = try #require(file.errors.first)
        #expect(error.message == "only one escape parser directive can be used")
        #expect(error.span.start.line == 2)
    }

    @Test("an escape other than backslash or backtick is an error")
    func invalidEscape() throws {
        let file = Dockerfile.parse("# escape=x\nFROM alpine\n")
        let error = try #require(file.errors.first)
        #expect(error.kind == .directive)
        #expect(error.span.start == SourcePosition(line: 1, column: 10, offset: 9))
    }

    @Test("the directive value is trimmed; a directive without value is not a directive")
    func values() {
        #expect(Dockerfile.parse("#syntax=  a/b:1   \nFROM x").directives.map(\.value) == ["a/b:1"])
        #expect(Dockerfile.parse("# syntax=\nFROM x").directives.isEmpty)
    }
}

@Suite("Continuations, CRLF and BOM")
struct ContinuationTests {
    @Test("backslash continuation joins lines without the line break")
    func backslash() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN apk add \\\n    curl \\\n    git\n")
        let run = try #require(file.instructions.last)
        #expect(run.text == "RUN apk add     curl     git")
        #expect(run.span.start == SourcePosition(line: 2, column: 1, offset: 12))
        #expect(run.span.end == SourcePosition(line: 4, column: 8, offset: 44))
        #expect(run.commands.first?.arguments == ["add", "curl", "git"])
        let git = try #require(run.commands.first?.words.last)
        #expect(git.span.start == SourcePosition(line: 4, column: 5, offset: 41))
        #expect(git.span.end == SourcePosition(line: 4, column: 8, offset: 44))
    }

    @Test("comment lines and blank lines inside a continued instruction are skipped")
    func commentsAndBlanks() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN a \\\n# a comment\n\n  && b\nUSER x\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.map(\.keyword) == [.from, .run, .user])
        let run = file.instructions[1]
        #expect(run.commands.map(\.name) == ["a", "b"])
        #expect(file.comments.first?.isInsideInstruction == true)
        #expect(file.comments.first?.line == 3)
        #expect(file.warnings.map(\.kind) == [.emptyContinuation])
    }

    @Test("whitespace after the escape character still continues the line")
    func trailingWhitespace() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN a \\  \t\n  b\n")
        #expect(file.instructions.count == 2)
        #expect(file.instructions[1].commands.first?.arguments == ["b"])
    }

    @Test("backtick escape: backslashes are plain characters")
    func backtick() throws {
        let file = Dockerfile.parse(
            "# escape=`\nFROM mcr.microsoft.com/windows\nCOPY C:\\src\\ C:\\app\\\nRUN dir `\n  c:\\\n")
        #expect(file.errors.isEmpty)
        let copy = try #require(file.instructions[1].copy)
        #expect(copy.sources.map(\.text) == ["C:\\src\\"])
        #expect(copy.destination?.text == "C:\\app\\")
        #expect(file.instructions[2].text == "RUN dir   c:\\")
    }

    @Test("CRLF line endings: positions and text exclude the carriage return")
    func crlf() throws {
        let file = Dockerfile.parse("FROM alpine\r\nRUN a \\\r\n  b\r\nCMD [\"x\"]\r\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.map(\.text) == ["FROM alpine", "RUN a   b", "CMD [\"x\"]"])
        let run = file.instructions[1]
        #expect(run.span.end == SourcePosition(line: 3, column: 4, offset: 25))
        #expect(file.instructions[2].arguments.execValues == ["x"])
    }

    @Test("a UTF-8 BOM is skipped and columns start after it")
    func bom() throws {
        let file = Dockerfile.parse([0xEF, 0xBB, 0xBF] + Array("# syntax=x\nFROM alpine\n".utf8))
        #expect(file.source.hasBOM)
        #expect(file.directives.map(\.name) == ["syntax"])
        #expect(file.directives.first?.span.start == SourcePosition(line: 1, column: 1, offset: 3))
        #expect(file.instructions.first?.keywordSpan.start == SourcePosition(line: 2, column: 1, offset: 14))
    }

    @Test("columns count Unicode scalars, offsets count bytes")
    func unicodeColumns() throws {
        let file = Dockerfile.parse("FROM alpine\nLABEL a=\"é\" b=1\n")
        let label = try #require(file.instructions.last?.label)
        #expect(label.map(\.key) == ["a", "b"])
        #expect(label[1].span.start == SourcePosition(line: 2, column: 13, offset: 25))
    }

    @Test("a final line without a newline is parsed; leading whitespace before keywords is allowed")
    func noFinalNewline() {
        let file = Dockerfile.parse("  FROM alpine\n\t RUN true")
        #expect(file.instructions.map(\.keyword) == [.from, .run])
        #expect(file.instructions[1].keywordSpan.start == SourcePosition(line: 2, column: 3, offset: 16))
    }

    @Test("a continuation at the end of the file ends the instruction")
    func continuationAtEnd() {
        let file = Dockerfile.parse("FROM alpine\nRUN a \\")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.last?.text == "RUN a")
    }
}
