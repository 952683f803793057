import Foundation
import Testing

@testable import DockerfileSyntax

/// Inputs built to break parsers: each must finish quickly with errors, never crash or hang.
@Suite("Hostile input")
struct HostileInputTests {
    /// Parses and returns the elapsed time.
    func timed(_ bytes: [UInt8]) -> (Dockerfile, Duration) {
        let clock = ContinuousClock()
        var file: Dockerfile?
        let elapsed = clock.measure { file = Dockerfile.parse(bytes) }
        return (file ?? Dockerfile.parse(""), elapsed)
    }

    @Test("NUL bytes and binary data")
    func binary() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (file, elapsed) = timed(Array("FROM a\nRUN x\0y\n".utf8) + [0, 0, 0xFF] + random)
        #expect(elapsed < .seconds(60))
        #expect(file.instructions.count >= 2)
        let nul = Dockerfile.parse(Array("FROM a\0b\nRUN \0\n".utf8))
        #expect(nul.instructions.count == 2)
    }

    @Test("invalid UTF-8 keeps byte offsets exact")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array("FROM a\nLABEL x=".utf8) + [0xC3, 0x28, 0xFF] + Array(" y=1\n".utf8)
        let file = Dockerfile.parse(bytes)
        #expect(file.errors.isEmpty)
        let label = try #require(file.instructions.last?.label)
        #expect(label.map(\.key) == ["x", "y"])
        #expect(label[1].span.start.offset == 19)
        #expect(label[1].span.start.column == 13)
    }

    @Test("a 1 MB line of words")
    func longLine() {
        let line = "RUN " + String(repeating: "echo a && ", count: 100_000) + "true"
        let (file, elapsed) = timed(Array(("FROM a\n" + line + "\n").utf8))
        #expect(elapsed < .seconds(90))
        #expect(file.instructions[1].commands.count == 100_001)
    }

    @Test("a 1 MB line of non-ASCII words stays linear")
    func longUnicodeLine() {
        let line = "RUN " + String(repeating: "é ", count: 250_000)
        let (file, elapsed) = timed(Array(("FROM a\n" + line + "\n").utf8))
        #expect(elapsed < .seconds(90))
        #expect(file.instructions[1].commands.first?.arguments.count == 249_999)
    }

    @Test("100k lines")
    func manyLines() {
        var text = "FROM alpine\n"
        for index in 0..<100_000 { text += index % 2 == 0 ? "RUN echo \(index) \\\n" : "  && true\n" }
        let (file, elapsed) = timed(Array(text.utf8))
        #expect(elapsed < .seconds(90))
        #expect(file.instructions.count == 50_001)
        #expect(file.source.lineCount == 100_002)
    }

    @Test("100k ENV instructions keep variable lookups fast")
    func manyVariables() throws {
        var text = "FROM alpine\n"
        for index in 0..<100_000 { text += "ENV V\(index % 100)=$V\((index + 1) % 100)x\n" }
        let (file, elapsed) = timed(Array(text.utf8))
        #expect(elapsed < .seconds(90))
        let stage = try #require(file.finalStage)
        let last = try #require(file.instructions.last)
        #expect(stage.variable("V5", before: last) != nil)
    }

    @Test("an ARG expansion bomb stops at the expansion limit, with one error (issue 18 row 4)")
    func expansionBomb() throws {
        var text = "FROM alpine:3.21\nARG A0=\(String(repeating: "x", count: 100))\n"
        for level in 1...9 { text += "ARG A\(level)=" + String(repeating: "$A\(level - 1)", count: 10) + "\n" }
        text += "ENV E=${A9}\n"
        let (file, elapsed) = timed(Array(text.utf8))
        #expect(elapsed < .seconds(10))
        let errors = file.errors.filter { $0.kind == .variable }
        #expect(errors.map(\.message) == ["ARG: \(VariableExpander.tooLarge)"])
        let stage = try #require(file.stages.first)
        let last = try #require(stage.instructions.last)
        #expect(stage.expand("$A2", before: last).value.utf8.count == 10_000)
        #expect(!stage.expand("$A3", before: last).isKnown)
        #expect(!stage.expand("$E", before: last).isKnown)
    }

    @Test("many ARG values below the expansion limit stop at the total limit")
    func manyLargeValues() {
        let big = String(repeating: "y", count: 60_000)
        var text = "FROM alpine:3.21\nARG B=\(big)\n"
        for index in 0..<400 { text += "ARG C\(index)=$B\n" }
        let (file, elapsed) = timed(Array(text.utf8))
        #expect(elapsed < .seconds(20))
        #expect(file.errors.filter { $0.kind == .variable }.count == 1)
        #expect(file.errors.contains { $0.message.contains("more than \(StageBuilder.maxStoredValues) bytes in all") })
    }

    @Test("unterminated heredoc, JSON array, quotes and substitutions")
    func unterminated() {
        let heredoc = Dockerfile.parse("FROM a\nRUN <<EOF\n" + String(repeating: "x\n", count: 10_000))
        #expect(heredoc.errors.map(\.kind) == [.unterminatedHeredoc])
        let json = Dockerfile.parse("FROM a\nCMD [\"a\", \"b\n")
        #expect(json.errors.isEmpty)
        #expect(json.instructions[1].cmd?.shellText == "[\"a\", \"b")
        let deep = Dockerfile.parse("FROM a\nCMD " + String(repeating: "[", count: 100_000) + "\n")
        #expect(deep.instructions[1].cmd?.isExecForm == false)
        let quotes = Dockerfile.parse("FROM a\nENV A=\"unterminated\nLABEL b='x\n")
        #expect(quotes.instructions.count == 3)
    }

    @Test("deep nesting of subshells, substitutions and sh -c does not overflow the stack")
    func deepNesting() {
        let parens = String(repeating: "( ", count: 50_000) + "a" + String(repeating: " )", count: 50_000)
        let substitutions = String(repeating: "$(", count: 20_000) + "b" + String(repeating: ")", count: 20_000)
        let braces = "${" + String(repeating: "${", count: 20_000)
        let (file, elapsed) = timed(Array("FROM a\nRUN \(parens)\nRUN \(substitutions)\nENV X=\(braces)\n".utf8))
        #expect(elapsed < .seconds(90))
        #expect(file.instructions[1].commands.map(\.name) == ["a"])
        #expect(file.instructions.count == 4)
        let expanded = file.finalStage?.expand(braces, before: file.instructions[3])
        #expect(expanded?.isKnown == false)
    }

    @Test("many heredoc markers on one line")
    func manyHeredocs() {
        let markers = (0..<5_000).map { "<<E\($0)" }.joined(separator: " ")
        let bodies = (0..<5_000).map { "E\($0)\n" }.joined()
        let (file, elapsed) = timed(Array("FROM a\nCOPY \(markers) /d\n\(bodies)".utf8))
        #expect(elapsed < .seconds(90))
        #expect(file.instructions[1].heredocs.count == 5_000)
        #expect(file.errors.isEmpty)
    }

    @Test("a random mutation of a real Dockerfile never crashes", arguments: 0..<20)
    func mutations(seed: Int) {
        let base = Array(
            """
            # syntax=docker/dockerfile:1
            ARG V=1
            FROM --platform=$BUILDPLATFORM golang:${V} AS build
            RUN --mount=type=cache,target=/root/.cache <<EOF
            set -e
            go build -o /out "$(pwd)" && echo `date` | tee x
            EOF
            COPY --from=build ["/out", "/app"]
            HEALTHCHECK --interval=5s CMD curl -f http://x || exit 1
            ONBUILD RUN echo ${V:-x} '$y' "z\\"
            CMD ["/app"]
            """.utf8)
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(Int.max))
        }
        let alphabet = Array("\\`'\"$(){}[]<>|&;#=-\n\r\t <<EOF".utf8) + [0, 0xFF, 0xC3]
        for _ in 0..<200 {
            var bytes = base
            for _ in 0..<(1 + next() % 8) {
                let position = next() % (bytes.count + 1)
                switch next() % 3 {
                case 0: bytes.insert(alphabet[next() % alphabet.count], at: position)
                case 1: if position < bytes.count { bytes.remove(at: position) }
                default: if position < bytes.count { bytes[position] = alphabet[next() % alphabet.count] }
                }
            }
            let file = Dockerfile.parse(bytes)
            for instruction in file.instructions {
                #expect(instruction.span.start.offset <= bytes.count)
                _ = instruction.from
                _ = instruction.copy
                _ = instruction.run
                _ = instruction.env
                _ = instruction.arg
                _ = instruction.healthcheck
                _ = instruction.expose
            }
            for stage in file.stages {
                for instruction in stage.instructions {
                    _ = stage.expand(instruction.text, before: instruction)
                }
            }
        }
    }
}
