import Testing

@testable import DockerfileSyntax

@Suite("Stages and --from")
struct StageTests {
    let file = Dockerfile.parse(
        """
        ARG GO=1.22
        FROM golang:${GO} AS Build
        RUN go build -o /out/app
        FROM node:20 AS assets
        RUN npm ci
        FROM build AS test
        RUN go test ./...
        FROM alpine:3.20 AS unused
        FROM scratch
        COPY --from=BUILD /out/app /app
        COPY --from=1 /dist /dist
        COPY --from=nginx:1.27 /etc/nginx /etc/nginx
        RUN --mount=type=bind,from=assets,target=/x true
        """)

    @Test("stages, names matched case-insensitively, the final stage")
    func stages() throws {
        #expect(file.errors.isEmpty)
        #expect(file.stages.count == 5)
        #expect(file.stages.map(\.name) == ["Build", "assets", "test", "unused", nil])
        #expect(file.stage(named: "build")?.index == 0)
        #expect(file.stage(named: "ASSETS")?.index == 1)
        #expect(file.stage(named: "4")?.index == 4)
        #expect(file.finalStage?.isFinal == true)
        #expect(file.finalStage?.isScratch == true)
        #expect(file.stages[0].baseImageExpanded.value == "golang:1.22")
        #expect(file.stages[2].baseStageIndex == 0)
        #expect(file.stages[0].instructions.map(\.keyword) == [.from, .run])
        #expect(file.instructions[0].stageIndex == nil)
        #expect(file.instructions[2].stageIndex == 0)
        #expect(file.globalArgs.map { $0.arg?.first?.name } == ["GO"])
    }

    @Test("--from by name, index or image; mounts from stages; what the final stage needs, transitively")
    func dependencies() throws {
        let final = try #require(file.finalStage)
        #expect(final.copiesFrom == [.stage(0), .stage(1), .image("nginx:1.27")])
        #expect(final.dependencies.map(\.kind) == [.copy, .copy, .copy, .mount])
        #expect(file.stagesNeededByFinal == [0, 1, 4])
        #expect(file.neededStages(from: 2) == [0, 2])
    }

    @Test("duplicate stage names and instructions before FROM are errors")
    func errors() {
        let duplicate = Dockerfile.parse("FROM a AS x\nFROM b AS X\n")
        #expect(duplicate.errors.map(\.kind) == [.duplicateStageName])
        #expect(duplicate.errors.first?.span.start.line == 2)
        let early = Dockerfile.parse("ARG X\nRUN true\nFROM a\n")
        #expect(early.errors.map(\.kind) == [.noStage])
        #expect(Dockerfile.parse("").errors.map(\.kind) == [.emptyFile])
        #expect(Dockerfile.parse("# only a comment\n").errors.map(\.kind) == [.emptyFile])
        #expect(Dockerfile.parse("ARG X=1\n").errors.map(\.kind) == [.noStage])
    }

    @Test("a --from with an unknown variable stays unknown")
    func unknownFrom() throws {
        let file = Dockerfile.parse("FROM a\nARG SRC\nCOPY --from=${SRC} /x /x\n")
        #expect(file.finalStage?.copiesFrom == [.unknown("${SRC}")])
    }

    @Test("comments directly above an instruction")
    func commentsAbove() throws {
        let file = Dockerfile.parse(
            "FROM a\n# hadolint ignore=DL3008\n# shipshape ignore=SS0001\nRUN x\n\n# far\n\nRUN y\n")
        #expect(
            file.commentsAbove(file.instructions[1]).map(\.text) == [
                "hadolint ignore=DL3008", "shipshape ignore=SS0001",
            ])
        #expect(file.commentsAbove(file.instructions[2]).isEmpty)
    }
}

@Suite("Variables")
struct VariableTests {
    static let table: [(String, String, Bool)] = [
        ("$A", "alpha", true),
        ("${A}", "alpha", true),
        ("x${A}y", "xalphay", true),
        ("${A:-d}", "alpha", true),
        ("${EMPTY:-d}", "d", true),
        ("${EMPTY-d}", "", true),
        ("${A:+set}", "set", true),
        ("${EMPTY:+set}", "", true),
        ("${EMPTY+set}", "set", true),
        ("${A:?msg}", "alpha", true),
        ("${P#*/}", "b/c.tar.gz", true),
        ("${P##*/}", "c.tar.gz", true),
        ("${P%.*}", "a/b/c.tar", true),
        ("${P%%.*}", "a/b/c", true),
        ("${P/\\//-}", "a-b/c.tar.gz", true),
        ("${P//\\//-}", "a-b-c.tar.gz", true),
        ("'$A'", "$A", true),
        ("\"$A\"", "alpha", true),
        ("\\$A", "$A", true),
        ("a\\ b", "a b", true),
        ("$", "$", true),
        ("$1", "$1", false),
        ("${NOPE}", "${NOPE}", false),
        ("${NOPE:-x}", "${NOPE:-x}", false),
        ("pre-$NOPE-post", "pre-$NOPE-post", false),
        ("${UNKNOWN}", "${UNKNOWN}", false),
    ]

    @Test("expansion as BuildKit's shell lexer does it", arguments: table)
    func expansion(input: String, value: String, known: Bool) throws {
        let file = Dockerfile.parse(
            "FROM a\nARG A=alpha\nENV EMPTY= P=a/b/c.tar.gz\nARG UNKNOWN\nRUN true\n")
        let stage = try #require(file.finalStage)
        let expanded = stage.expand(input, before: file.instructions[4])
        #expect(expanded.value == value)
        #expect(expanded.isKnown == known)
        #expect(expanded.error == nil)
    }

    @Test("errors the lexer reports", arguments: ["${A", "${}", "${A:x}", "${A^^}", "${A:#x}", "'open"])
    func lexerErrors(input: String) throws {
        let file = Dockerfile.parse("FROM a\nARG A=alpha\nRUN true\n")
        let expanded = try #require(file.finalStage).expand(input, before: file.instructions[2])
        #expect(expanded.error != nil)
        #expect(!expanded.isKnown)
    }

    @Test("ENV values are expanded with the environment before the instruction")
    func envOrder() throws {
        let file = Dockerfile.parse("FROM a\nENV A=1\nENV A=2 B=$A\nENV C=$A\nRUN true\n")
        let stage = try #require(file.finalStage)
        #expect(stage.variable("B", before: file.instructions[4]) == .known("1", fromArg: false))
        #expect(stage.variable("C", before: file.instructions[4]) == .known("2", fromArg: false))
        #expect(stage.variable("A", before: file.instructions[2]) == .known("1", fromArg: false))
        #expect(stage.variable("C", before: file.instructions[2]) == nil)
    }

    @Test("global ARGs expand FROM; a stage sees them only when re-declared")
    func globalArgs() throws {
        let file = Dockerfile.parse(
            "ARG TAG=3.20\nARG IMAGE=alpine:${TAG}\nFROM ${IMAGE}\nRUN echo\nARG TAG\nRUN echo\nFROM x:${NOPE:-1}\nFROM $TARGETPLATFORM\n"
        )
        #expect(file.stages[0].baseImageExpanded.value == "alpine:3.20")
        #expect(file.stages[1].baseImageExpanded.value == "x:1")
        #expect(!file.stages[2].baseImageExpanded.isKnown)
        #expect(file.stages[2].baseImageExpanded.unknownVariables == ["TARGETPLATFORM"])
        let stage = file.stages[0]
        #expect(stage.expand("$TAG", before: file.instructions[3]).isKnown == false)
        #expect(stage.expand("$TAG", before: file.instructions[5]).value == "3.20")
    }

    @Test("the backtick escape applies to expansion too")
    func backtickEscape() throws {
        let file = Dockerfile.parse("# escape=`\nFROM a\nARG A=x\nRUN true\n")
        let stage = try #require(file.finalStage)
        #expect(stage.expand("`$A-$A", before: file.instructions[2], escape: file.escape).value == "$A-x")
    }
}
