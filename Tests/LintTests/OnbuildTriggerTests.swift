import Testing

@testable import Lint

/// `ONBUILD RUN …` is linted as the RUN it becomes when a child image builds: by the rules about a command or a
/// RUN on its own, at positions inside the ONBUILD line, and not as part of the stage that declares it.
@Suite("ONBUILD triggers")
struct OnbuildTriggerTests {
    @Test("the rules about one RUN see the trigger, at its own columns")
    func triggersAreRuns() {
        expectFindings(
            SudoUsage(),
            """
            FROM ubuntu:24.04
            ONBUILD RUN sudo make install
                        ^ SS0055
            """)
        expectFindings(
            AptListsNotCleaned(),
            """
            FROM debian:bookworm-slim
            ONBUILD RUN apt-get update && apt-get install -y --no-install-recommends git
                                          ^ SS0071
            ONBUILD RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
            """)
        expectFindings(
            AptNoInstallRecommends(),
            """
            FROM debian:bookworm-slim
            ONBUILD RUN apt-get install -y python3
                        ^ SS0041
            """)
        expectFindings(
            ApkNoCache(),
            """
            FROM alpine:3.21
            ONBUILD RUN apk add git
                        ^ SS0042
            ONBUILD RUN apk add --no-cache git
            """)
        expectFindings(
            PackageCacheNotCleaned(),
            """
            FROM rockylinux:9
            ONBUILD RUN dnf install -y gcc
                        ^ SS0072
            ONBUILD RUN dnf install -y gcc && dnf clean all
            """)
        expectFindings(
            CurlPipeShell(),
            """
            FROM debian:bookworm-slim
            ONBUILD RUN curl -fsSL https://example.com/i.sh | sh
                        ^ SS0103
            """)
    }

    @Test("pip: the stage's ENV holds in the child, where the trigger runs")
    func pipEnvironment() {
        expectFindings(
            PipNoCacheDir(),
            """
            FROM python:3.13-slim
            ONBUILD RUN pip install -r requirements.txt
                        ^ SS0043
            """)
        expectFindings(
            PipNoCacheDir(),
            """
            FROM python:3.13-slim
            ONBUILD RUN pip install -r requirements.txt
            ENV PIP_NO_CACHE_DIR=1
            """)
    }

    @Test("a trigger installs nothing into the stage that declares it")
    func notStageState() {
        let model = DockerfileModel(parsing: "FROM debian:bookworm-slim\nONBUILD RUN apt-get install -y gcc\n")
        let context = LintContext(
            path: "Dockerfile", source: SourceText("FROM debian:bookworm-slim\nONBUILD RUN apt-get install -y gcc\n"),
            dockerfile: model)
        #expect(context.runCommands(in: model.stages[0]).isEmpty)
        #expect(context.allRunCommands.map(\.command.name) == ["apt-get"])
        let trigger = try? #require(model.stages[0].instructions.first?.trigger)
        #expect(trigger?.keyword == "RUN")
        #expect(trigger?.isTrigger == true)
        #expect(trigger?.range.line == 2 && trigger?.range.column == 9)
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM debian:bookworm-slim
            ONBUILD RUN apt-get install -y --no-install-recommends gcc make
            CMD ["/app"]
            """)
    }
}
