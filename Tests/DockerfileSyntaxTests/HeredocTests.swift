import Testing

@testable import DockerfileSyntax

@Suite("Heredocs")
struct HeredocTests {
    @Test("RUN <<EOF runs the body as a script; the next instruction follows the terminator directly")
    func runScript() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN <<EOF\napk add curl\nrm -rf /tmp/x\nEOF\nUSER nobody\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.map(\.keyword) == [.from, .run, .user])
        let run = file.instructions[1]
        let heredoc = try #require(run.heredocs.first)
        #expect(heredoc.delimiter == "EOF")
        #expect(heredoc.body == "apk add curl\nrm -rf /tmp/x\n")
        #expect(!heredoc.isQuoted)
        #expect(heredoc.bodySpan.start == SourcePosition(line: 3, column: 1, offset: 22))
        #expect(heredoc.terminatorSpan?.start.line == 5)
        #expect(run.span.end == SourcePosition(line: 5, column: 4, offset: 52))
        let named = run.commands.filter { !$0.name.isEmpty }
        #expect(named.map(\.name) == ["apk", "rm"])
        #expect(named[0].origin == .heredoc(0))
        #expect(named[1].span.start == SourcePosition(line: 4, column: 1, offset: 35))
        #expect(run.run?.script == "apk add curl\nrm -rf /tmp/x\n")
        #expect(file.commands(named: "apk").count == 1)
    }

    @Test("<<-EOF strips leading tabs from the body and the terminator")
    func stripTabs() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN <<-EOT\n\techo hi\n\tEOT\nCMD x\n")
        #expect(file.errors.isEmpty)
        let heredoc = try #require(file.instructions[1].heredocs.first)
        #expect(heredoc.stripsTabs)
        #expect(heredoc.body == "\techo hi\n")
        #expect(heredoc.content == "echo hi\n")
        #expect(file.instructions.count == 3)
    }

    @Test("quoted delimiters are not expanded", arguments: [("<<\"EOF\"", true), ("<<'EOF'", true), ("<<EOF", false)])
    func quoted(marker: String, quoted: Bool) throws {
        let file = Dockerfile.parse("FROM alpine\nCOPY \(marker) /etc/motd\nhello $USER\nEOF\n")
        #expect(file.errors.isEmpty)
        let heredoc = try #require(file.instructions[1].heredocs.first)
        #expect(heredoc.delimiter == "EOF")
        #expect(heredoc.isQuoted == quoted)
        #expect(heredoc.body == "hello $USER\n")
    }

    @Test("several heredocs on one instruction, read in order")
    func several() throws {
        let file = Dockerfile.parse(
            "FROM alpine\nCOPY <<A <<B /dest/\nfirst\nA\nsecond\nB\nRUN cat <<X > /a && cat <<Y > /b\n1\nX\n2\nY\n")
        #expect(file.errors.isEmpty)
        let copy = try #require(file.instructions[1].copy)
        #expect(copy.heredocSources.map(\.delimiter) == ["A", "B"])
        #expect(copy.heredocSources.map(\.body) == ["first\n", "second\n"])
        #expect(copy.destination?.text == "/dest/")
        let run = file.instructions[2]
        #expect(run.heredocs.map(\.body) == ["1\n", "2\n"])
        #expect(run.commands.map(\.name) == ["cat", "cat"])
        #expect(run.commands[0].heredocDelimiters == ["X"])
        #expect(run.commands[0].redirections.map(\.op) == ["<<", ">"])
        #expect(run.commands[0].arguments.isEmpty)
    }

    @Test("ADD and COPY take heredocs; a heredoc destination is an error")
    func addAndDestination() throws {
        let add = Dockerfile.parse("FROM alpine\nADD <<EOF /x\nhi\nEOF\n")
        #expect(add.errors.isEmpty)
        #expect(add.instructions[1].heredocs.count == 1)
        let bad = Dockerfile.parse("FROM alpine\nCOPY /x <<EOF\nhi\nEOF\n")
        #expect(bad.errors.map(\.message) == ["COPY cannot accept a heredoc as a destination"])
    }

    @Test("a shell reading a heredoc runs its body; other interpreters do not")
    func shellReadsHeredoc() throws {
        let file = Dockerfile.parse(
            "FROM alpine\nRUN bash <<EOF\nset -e\napt-get update\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
        )
        #expect(file.errors.isEmpty)
        #expect(file.instructions[1].commands.map(\.name) == ["bash", "set", "apt-get"])
        #expect(file.instructions[2].commands.map(\.name) == ["python3"])
        #expect(file.instructions[3].commands.allSatisfy { $0.name.isEmpty })
    }

    @Test("a shell script heredoc with its own nested heredoc")
    func nested() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN <<EOF\ncat > /x <<INNER\nnot a command\nINNER\nls\nEOF\n")
        let names = file.instructions[1].commands.map(\.name).filter { !$0.isEmpty }
        #expect(names == ["cat", "ls"])
    }

    @Test("an unterminated heredoc is an error that names the marker")
    func unterminated() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN <<EOF\necho hi\n")
        let error = try #require(file.errors.first)
        #expect(error.kind == .unterminatedHeredoc)
        #expect(error.span.start == SourcePosition(line: 2, column: 5, offset: 16))
        #expect(file.instructions[1].heredocs.first?.terminatorSpan == nil)
        #expect(file.instructions[1].heredocs.first?.body == "echo hi\n")
    }

    @Test("exec form and other instructions have no heredocs; words that only contain << are not markers")
    func notHeredocs() {
        let file = Dockerfile.parse(
            "FROM alpine\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\nRUN echo \"a<<b\" x<<y\nENV A=<<B\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.allSatisfy { $0.heredocs.isEmpty })
        #expect(file.instructions.count == 4)
    }

    @Test("a file descriptor before << is kept; the terminator must match exactly")
    func fileDescriptor() throws {
        let file = Dockerfile.parse("FROM alpine\nRUN cat 3<<EOF\nEOF \nEOF\n")
        let heredoc = try #require(file.instructions[1].heredocs.first)
        #expect(heredoc.fileDescriptor == 3)
        #expect(heredoc.body == "EOF \n")
    }

    @Test("ONBUILD RUN with a heredoc")
    func onbuild() throws {
        let file = Dockerfile.parse("FROM alpine\nONBUILD RUN <<EOF\necho hi\nEOF\nUSER x\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.count == 3)
        #expect(file.instructions[1].onbuild?.heredocs.first?.body == "echo hi\n")
        #expect(file.instructions[1].onbuild?.commands.map(\.name).filter { !$0.isEmpty } == ["echo"])
    }

    /// Delimiter spellings and what BuildKit makes of them: name, whether the body expands.
    static let delimiters: [(String, String, Bool)] = [
        ("<<EOF", "EOF", true),
        ("<<-EOF", "EOF", true),
        ("<<eo'f'", "eof", false),
        ("<<eo\\'f", "eo'f", true),
        ("<<'e'o\\'f", "eo'f", false),
        ("<<'one two'", "one two", false),
        ("<<$EOF", "$EOF", true),
        ("<<  EOF", "EOF", true),
        ("<<- EOF", "EOF", true),
        ("<< -EOF", "-EOF", true),
        ("<<file.txt", "file.txt", true),
        ("4<<EOF", "EOF", true),
    ]

    @Test("delimiter spellings", arguments: delimiters)
    func delimiter(marker: String, name: String, expands: Bool) throws {
        let file = Dockerfile.parse("FROM alpine\nRUN cat \(marker) > /x\nbody\n\(name)\nUSER x\n")
        #expect(file.errors.isEmpty)
        let heredoc = try #require(file.instructions[1].heredocs.first)
        #expect(heredoc.delimiter == name)
        #expect(heredoc.isQuoted == !expands)
        #expect(heredoc.body == "body\n")
        #expect(file.instructions.count == 3)
    }

    @Test("a delimiter with an unterminated quote is an error")
    func invalidDelimiter() {
        #expect(Dockerfile.parse("FROM a\nRUN <<'EOF\nx\n").errors.first?.kind == .invalidHeredoc)
    }

    @Test("an empty heredoc; terminators that look like other delimiters")
    func emptyAndCrossed() {
        let file = Dockerfile.parse("FROM a\nRUN <<EMPTY\nEMPTY\nCOPY <<X <<Y /dest\nY\nX\nX\nY\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions[1].heredocs.first?.body == "")
        #expect(file.instructions[2].heredocs.map(\.body) == ["Y\n", "X\n"])
    }

    @Test("CRLF heredoc terminators")
    func crlf() {
        let file = Dockerfile.parse("FROM alpine\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nUSER x\r\n")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.map(\.keyword) == [.from, .run, .user])
    }
}
