import Testing

@testable import DockerfileSyntax

@Suite("Basic parsing")
struct BasicParsingTests {
    @Test("a multi-stage file: instructions, stages, positions and commands")
    func multiStage() throws {
        let file = Dockerfile.parse(
            """
            # syntax=docker/dockerfile:1.4

            ARG BASE=alpine:3.20
            FROM ${BASE} AS build
            RUN apt-get update && \\
                # comment
                apt-get install -y curl
            FROM scratch
            COPY --from=build /x /x
            CMD ["/x", "--serve"]
            """)
        #expect(file.errors.isEmpty)
        #expect(file.directives.map(\.name) == ["syntax"])
        #expect(file.instructions.map(\.keyword) == [.arg, .from, .run, .from, .copy, .cmd])
        #expect(file.stages.count == 2)
        #expect(file.stages[0].baseImageExpanded.value == "alpine:3.20")
        #expect(file.stages[0].baseImageExpanded.isKnown)
        #expect(file.stages[1].copiesFrom == [.stage(0)])
        #expect(file.stagesNeededByFinal == [0, 1])
        let run = file.instructions[2]
        #expect(run.span.start == SourcePosition(line: 5, column: 1, offset: 75))
        #expect(run.span.end.line == 7)
        let commands = run.commands
        #expect(commands.map(\.name) == ["apt-get", "apt-get"])
        #expect(commands[1].connector == .and)
        #expect(commands[1].hasFlag("-y"))
        #expect(commands[1].subcommand == "install")
        #expect(commands[1].span.start.line == 7)
        #expect(commands[1].span.start.column == 5)
        #expect(file.comments.map(\.text) == ["syntax=docker/dockerfile:1.4", "comment"])
    }
}
