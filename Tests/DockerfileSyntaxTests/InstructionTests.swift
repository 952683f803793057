import Testing

@testable import DockerfileSyntax

@Suite("Instructions and flags")
struct InstructionTests {
    func parse(_ text: String) -> Dockerfile { Dockerfile.parse("FROM alpine\n" + text) }

    @Test("keywords in any case")
    func keywordCase() {
        let file = Dockerfile.parse("from alpine AS Build\nrUn echo\nCopy a b\n")
        #expect(file.instructions.map(\.keyword) == [.from, .run, .copy])
        #expect(file.instructions.map(\.keywordText) == ["from", "rUn", "Copy"])
        #expect(file.errors.isEmpty)
    }

    @Test("FROM with --platform and AS")
    func from() throws {
        let file = Dockerfile.parse("FROM --platform=$BUILDPLATFORM golang:1.22 as builder\n")
        let from = try #require(file.instructions.first?.from)
        #expect(from.platform?.value == "$BUILDPLATFORM")
        #expect(from.image?.text == "golang:1.22")
        #expect(from.stageName?.text == "builder")
        #expect(from.asKeyword?.text == "as")
        #expect(from.stageName?.span.start == SourcePosition(line: 1, column: 47, offset: 46))
        #expect(file.stages.first?.platform == "$BUILDPLATFORM")
    }

    @Test("FROM errors: argument count, AS keyword, stage name")
    func fromErrors() {
        #expect(Dockerfile.parse("FROM a b\n").errors.map(\.message) == ["FROM requires either one or three arguments"])
        #expect(Dockerfile.parse("FROM a is b\n").errors.first?.kind == .tooManyArguments)
        #expect(Dockerfile.parse("FROM a AS 1st\n").errors.first?.kind == .invalidStageName)
        #expect(Dockerfile.parse("FROM a AS My_Stage.1\n").errors.isEmpty)
        #expect(Dockerfile.parse("FROM --foo=x a\n").errors.map(\.message) == ["unknown flag: foo"])
    }

    @Test("RUN --mount of every type, parsed into options")
    func runMounts() throws {
        let file = parse(
            """
            RUN --mount=type=cache,target=/root/.cache,sharing=locked,id=pip \\
                --mount=type=secret,id=npmrc,target=/root/.npmrc,required \\
                --mount=type=ssh \\
                --mount=type=tmpfs,target=/tmp,size=100m \\
                --mount=type=bind,from=builder,source=/out,target=/in,rw \\
                --mount=target=/src \\
                --network=none --security=insecure pip install -r requirements.txt
            """)
        #expect(file.errors.isEmpty)
        let run = try #require(file.instructions.last?.run)
        #expect(run.mounts.map(\.type) == ["cache", "secret", "ssh", "tmpfs", "bind", "bind"])
        #expect(run.mounts[0].target == "/root/.cache")
        #expect(run.mounts[0]["sharing"] == "locked")
        #expect(run.mounts[0].id == "pip")
        #expect(run.mounts[1].isSecret && run.mounts[1].has("required") && run.mounts[1]["required"] == nil)
        #expect(run.mounts[4].from == "builder")
        #expect(run.mounts[4].source == "/out")
        #expect(run.mounts[5].target == "/src")
        #expect(run.network == "none")
        #expect(run.security == "insecure")
        #expect(run.hasCacheMount(covering: "/root/.cache/pip"))
        #expect(!run.hasCacheMount(covering: "/var/cache/apt"))
        #expect(run.commands.map(\.name) == ["pip"])
        #expect(run.mounts[1].span.start == SourcePosition(line: 3, column: 5, offset: 83))
    }

    @Test("quoted flag values are unquoted as BuildKit does")
    func quotedFlags() throws {
        let file = parse("RUN --mount=\"type=cache,target=/a b\" true\n")
        let run = try #require(file.instructions.last?.run)
        #expect(run.mounts.first?.target == "/a b")
        #expect(run.commands.map(\.name) == ["true"])
    }

    @Test("COPY and ADD flags")
    func copyFlags() throws {
        let file = parse(
            """
            COPY --from=build --chown=app:app --chmod=0755 --link --parents --exclude=*.md --exclude=tmp ./a ./b /app/
            ADD --checksum=sha256:abc --keep-git-dir=true --link=false https://example.com/x.tgz /x
            """)
        #expect(file.errors.isEmpty)
        let copy = try #require(file.instructions[1].copy)
        #expect(copy.from == "build")
        #expect(copy.chown == "app:app")
        #expect(copy.chmod == "0755")
        #expect(copy.link && copy.parents && !copy.isAdd)
        #expect(copy.excludes == ["*.md", "tmp"])
        #expect(copy.sources.map(\.text) == ["./a", "./b"])
        #expect(copy.destination?.text == "/app/")
        let add = try #require(file.instructions[2].copy)
        #expect(add.isAdd && add.keepGitDir && !add.link)
        #expect(add.checksum == "sha256:abc")
    }

    @Test("COPY errors: missing destination, flags BuildKit does not know, bad booleans, missing values")
    func copyErrors() {
        #expect(parse("COPY a\n").errors.first?.kind == .missingArguments)
        #expect(parse("COPY --chmod a b\n").errors.map(\.message) == ["missing a value on flag: chmod"])
        #expect(parse("COPY --link=maybe a b\n").errors.first?.kind == .invalidFlag)
        #expect(parse("COPY --checksum=x a b\n").errors.map(\.message) == ["unknown flag: checksum"])
        #expect(parse("COPY --from=a --from=b x y\n").errors.first?.message == "duplicate flag specified: from")
    }

    @Test("exec form vs shell form; invalid JSON falls back to shell form")
    func execAndShell() throws {
        let file = parse(
            """
            CMD ["node", "server.js"]
            ENTRYPOINT ["/bin/tini", "--"]
            CMD node server.js
            CMD [node, server.js]
            CMD ["a", "b"] extra
            CMD [ "esc\\"aped", "\\u00e9" ]
            RUN ["apt-get", "install", "-y", "x"]
            """)
        #expect(file.errors.isEmpty)
        let ins = file.instructions
        #expect(ins[1].cmd?.execValues == ["node", "server.js"])
        #expect(ins[2].entrypoint?.execValues == ["/bin/tini", "--"])
        #expect(ins[3].cmd?.shellText == "node server.js")
        #expect(ins[4].cmd?.shellText == "[node, server.js]")
        #expect(ins[5].cmd?.shellText == "[\"a\", \"b\"] extra")
        #expect(ins[6].cmd?.execValues == ["esc\"aped", "é"])
        #expect(ins[7].commands.first?.name == "apt-get")
        #expect(ins[7].commands.first?.hasFlag("-y") == true)
        #expect(ins[1].words.first?.span.start == SourcePosition(line: 2, column: 6, offset: 17))
    }

    @Test("a JSON array with something other than strings is an error")
    func jsonNotStrings() {
        #expect(parse("CMD [\"a\", 1]\n").errors.map(\.kind) == [.jsonNotStrings])
        #expect(parse("CMD [[\"a\"]]\n").errors.map(\.kind) == [.jsonNotStrings])
        #expect(parse("CMD [\"a\", {\"b\": [1, 2.5e3, true, null]}]\n").errors.map(\.kind) == [.jsonNotStrings])
    }

    @Test("ENV and LABEL: both forms, spans of keys and values")
    func envAndLabel() throws {
        let file = parse(
            """
            ENV PATH=/app/bin:$PATH NAME="a b" EMPTY=
            ENV LEGACY hello world
            LABEL org.opencontainers.image.version="1.2.3" "quoted key"=x
            """)
        #expect(file.errors.isEmpty)
        let env = try #require(file.instructions[1].env)
        #expect(env.map(\.key) == ["PATH", "NAME", "EMPTY"])
        #expect(env.map(\.value) == ["/app/bin:$PATH", "a b", ""])
        #expect(env[1].rawValue == "\"a b\"")
        #expect(env[1].keySpan.start == SourcePosition(line: 2, column: 25, offset: 36))
        #expect(env[1].valueSpan.start == SourcePosition(line: 2, column: 30, offset: 41))
        let legacy = try #require(file.instructions[2].env?.first)
        #expect(legacy.isLegacyForm && legacy.key == "LEGACY" && legacy.value == "hello world")
        let label = try #require(file.instructions[3].label)
        #expect(label.map(\.key) == ["org.opencontainers.image.version", "quoted key"])
        #expect(label.first?.value == "1.2.3")
    }

    @Test("ENV and LABEL errors")
    func envErrors() {
        #expect(parse("ENV\n").errors.map(\.message) == ["ENV requires at least one argument"])
        #expect(parse("ENV A\n").errors.map(\.message) == ["ENV must have two arguments"])
        #expect(parse("ENV A=1 B\n").errors.first?.kind == .invalidArgument)
        #expect(parse("LABEL =x\n").errors.map(\.message) == ["LABEL names can not be blank"])
    }

    @Test("ARG with and without defaults, several per line")
    func arg() throws {
        let file = parse("ARG VERSION=1.0 \"QUOTED=a b\" PLAIN\n")
        let args = try #require(file.instructions.last?.arg)
        #expect(args.map(\.name) == ["VERSION", "\"QUOTED", "PLAIN"])
        #expect(args[0].defaultValue == "1.0")
        #expect(args[2].defaultValue == nil)
        #expect(parse("ARG\n").errors.map(\.message) == ["ARG requires at least one argument"])
    }

    @Test("EXPOSE ports, including forms BuildKit only warns about")
    func expose() throws {
        let file = parse("EXPOSE 80 443/tcp 53/udp 8080:80 ${PORT}\n")
        #expect(file.errors.isEmpty)
        let ports = try #require(file.instructions.last?.expose)
        #expect(ports.map(\.port) == ["80", "443", "53", "8080:80", "${PORT}"])
        #expect(ports.map(\.proto) == [nil, "tcp", "udp", nil, nil])
        #expect(parse("EXPOSE\n").errors.first?.kind == .missingArguments)
    }

    @Test("HEALTHCHECK with options, NONE, and what BuildKit rejects")
    func healthcheck() throws {
        let file = parse(
            """
            HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=5s --retries=3 \\
              CMD curl -f http://localhost/ || exit 1
            HEALTHCHECK NONE
            HEALTHCHECK CMD ["/bin/check"]
            """)
        #expect(file.errors.isEmpty)
        let health = try #require(file.instructions[1].healthcheck)
        #expect(!health.isNone)
        #expect(health.interval == "30s" && health.timeout == "3s" && health.startPeriod == "1m")
        #expect(health.startInterval == "5s" && health.retries == "3")
        #expect(health.command.shellText == "curl -f http://localhost/ || exit 1")
        #expect(file.instructions[1].commands.map(\.name) == ["curl", "exit"])
        #expect(file.instructions[2].healthcheck?.isNone == true)
        #expect(file.instructions[3].healthcheck?.command.execValues == ["/bin/check"])
        #expect(parse("HEALTHCHECK NONE x\n").errors.map(\.message) == ["HEALTHCHECK NONE takes no arguments"])
        #expect(parse("HEALTHCHECK CMD\n").errors.map(\.message) == ["Missing command after HEALTHCHECK CMD"])
        #expect(parse("HEALTHCHECK\n").errors.map(\.message) == ["HEALTHCHECK requires at least one argument"])
        #expect(
            parse("HEALTHCHECK CONNECT x\n").errors.map(\.message) == [
                "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)"
            ])
        #expect(
            parse("HEALTHCHECK --interval=1us CMD x\n").errors.map(\.message)
                == ["Interval \"interval\" cannot be less than 1ms"])
        #expect(parse("HEALTHCHECK --interval=abc CMD x\n").errors.first?.kind == .invalidFlag)
        #expect(parse("HEALTHCHECK --retries=-1 CMD x\n").errors.first?.kind == .invalidFlag)
        #expect(parse("HEALTHCHECK --interval=0s --timeout=1m30s CMD x\n").errors.isEmpty)
    }

    @Test("ONBUILD wraps an instruction; chaining and FROM/MAINTAINER triggers are errors")
    func onbuild() throws {
        let file = parse("ONBUILD COPY --chown=app . /app\nONBUILD RUN make install\n")
        #expect(file.errors.isEmpty)
        let trigger = try #require(file.instructions[1].onbuild)
        #expect(trigger.keyword == .copy)
        #expect(trigger.copy?.chown == "app")
        #expect(trigger.keywordSpan.start == SourcePosition(line: 2, column: 9, offset: 20))
        #expect(file.instructions[2].onbuild?.commands.map(\.name) == ["make"])
        #expect(parse("ONBUILD ONBUILD RUN x\n").errors.first?.kind == .onbuild)
        #expect(parse("ONBUILD FROM x\n").errors.map(\.message) == ["FROM isn't allowed as an ONBUILD trigger"])
        #expect(parse("ONBUILD\n").errors.map(\.message) == ["ONBUILD requires at least one argument"])
        #expect(parse("ONBUILD COPY --bogus a b\nONBUILD FOO x\n").errors.isEmpty)
    }

    @Test("USER, WORKDIR, STOPSIGNAL, MAINTAINER, VOLUME and SHELL")
    func simple() throws {
        let file = parse(
            """
            USER app:staff
            WORKDIR /app
            STOPSIGNAL SIGTERM
            MAINTAINER someone <a@b.c>
            VOLUME ["/data", "/logs"]
            VOLUME /a /b
            SHELL ["/bin/bash", "-o", "pipefail", "-c"]
            """)
        #expect(file.errors.isEmpty)
        let ins = file.instructions
        #expect(ins[1].user?.user == "app" && ins[1].user?.group == "staff")
        #expect(ins[2].workdir?.text == "/app")
        #expect(ins[3].stopSignal?.text == "SIGTERM")
        #expect(ins[4].maintainer?.text == "someone <a@b.c>")
        #expect(ins[5].volumes?.map(\.text) == ["/data", "/logs"])
        #expect(ins[6].volumes?.map(\.text) == ["/a", "/b"])
        #expect(ins[7].shell == ["/bin/bash", "-o", "pipefail", "-c"])
        #expect(
            parse("SHELL /bin/sh -c\n").errors.map(\.message) == ["SHELL requires the arguments to be in JSON form"])
        #expect(parse("USER\n").errors.map(\.message) == ["USER requires exactly one argument"])
        #expect(parse("WORKDIR --x /a\n").errors.map(\.message) == ["unknown flag: x"])
    }

    @Test("unknown instructions are errors, parsing continues")
    func unknown() throws {
        let file = parse("FOO bar\nRUN ok\n")
        #expect(file.errors.map(\.message) == ["unknown instruction: FOO"])
        #expect(file.errors.first?.span.start == SourcePosition(line: 2, column: 1, offset: 12))
        #expect(file.instructions.map(\.keyword) == [.from, .unknown("FOO"), .run])
        #expect(file.instructions[2].commands.map(\.name) == ["ok"])
    }

    @Test("empty RUN and CMD are accepted, as in BuildKit")
    func emptyCommands() {
        #expect(parse("RUN\nCMD\nENTRYPOINT\n").errors.isEmpty)
    }
}
