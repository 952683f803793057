import TestSupport
import Testing

@testable import DockerfileSyntax

/// Tricky files from BuildKit's own parser test files (in the shared corpus), checked against what BuildKit's
/// grammar gives for them.
@Suite(
    "BuildKit fidelity",
    .enabled(if: Requirement.met(Corpus.isPresent), "the shared corpus ../shared/corpus/dockerfiles is absent"))
struct FidelityTests {
    func corpusFile(_ name: String) throws -> Dockerfile {
        let path = "moby+buildkit/frontend_dockerfile_parser_testfiles_\(name)_Dockerfile"
        let file = try #require(Corpus.files().first { $0.path == path })
        return Dockerfile.parse(file.bytes, path: path)
    }

    @Test("an escaped escape at the end of a line is not a continuation; a lone escape line is")
    func trailingBackslash() throws {
        let file = try corpusFile("trailing-backslash")
        #expect(file.errors.isEmpty)
        let env = file.instructions.compactMap { $0.env?.first }
        #expect(env.map(\.key) == ["A", "B", "C", "D", "E", "F", "G"])
        #expect(env.map(\.rawValue)[2] == "trailing\\\\backslash\\\\")
        #expect(env.map(\.rawValue)[4...] == ["helloworld", "hello world", "hello world"])
    }

    @Test("a comment before `# escape` ends the directives: backslash stays the escape")
    func escapeAfterComment() throws {
        let file = try corpusFile("escape-after-comment")
        #expect(file.directives.isEmpty)
        #expect(file.escape == .backslash)
        #expect(file.instructions.last?.env?.first?.rawValue == "\\go")
    }

    @Test("directives without a blank line after them; escape with syntax")
    func escapeDirectives() throws {
        let noNewline = try corpusFile("escape-nonewline")
        #expect(noNewline.escape == .backtick)
        #expect(noNewline.instructions.last?.env?.first?.rawValue == "\\go")
        let withSyntax = try corpusFile("escape-with-syntax")
        #expect(withSyntax.directives.map(\.name) == ["syntax", "escape"])
        #expect(withSyntax.instructions.first?.from?.image?.text == "image")
    }

    @Test("continuations with indentation, blank and whitespace-only lines")
    func continueIndent() throws {
        let file = try corpusFile("continueIndent")
        #expect(file.errors.isEmpty)
        let runs = file.instructions.filter { $0.keyword == .run }.map(\.text)
        #expect(runs.first == "RUN echo hello  world  goodnight    moon  lightning")
        #expect(runs.dropFirst().first == "RUN echo hello    world")
    }

    @Test("escapes in LABEL, RUN, ADD and JSON; blank lines inside a continued RUN")
    func escapes() throws {
        let file = try corpusFile("escapes")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.map(\.keyword) == [.from, .label, .run, .add, .run, .cmd])
        #expect(file.instructions[4].text == "RUN foo bar baz")
        #expect(file.instructions[5].cmd?.execValues == ["/usr\\\"/bin/znc", "-f", "-r"])
        #expect(file.warnings.count == 1)
    }

    @Test("a continuation at the end of the file")
    func continueAtEOF() throws {
        let file = try corpusFile("continue-at-eof")
        #expect(file.errors.isEmpty)
        #expect(file.instructions.last?.text == "RUN something")
    }
}
