import Testing

@testable import Lint

@Suite("SS0129 undefined-variable")
struct UndefinedVariableTests {
    @Test("a misspelt variable, a use before declaration, and an undeclared FROM variable")
    func case1() {
        expectFindings(
            UndefinedVariable(),
            """
            FROM alpine:${ALPINE_VERSION}
            ^ SS0129
            ARG APP_HOME=/app
            WORKDIR $APP_HOEM
            ^ SS0129
            COPY app $TARGET_DIR/
            ^ SS0129
            ENV TARGET_DIR=/opt
            """)
    }
    @Test("declared variables, predefined platform args, base-image variables and RUN are not reported")
    func case2() {
        expectFindings(
            UndefinedVariable(),
            """
            ARG ALPINE_VERSION=3.21
            FROM --platform=$BUILDPLATFORM alpine:${ALPINE_VERSION}
            ARG TARGETARCH
            ENV PATH=/opt/bin:$PATH
            WORKDIR $HOME/app
            RUN echo $UNDECLARED_IN_SHELL
            """)
    }
}

@Suite("SS0129 undefined-variable: BuildKit's cases")
struct UndefinedVariableBuildKitTests {
    @Test("a misspelt platform variable in FROM --platform")
    func platformFlag() {
        let findings = expectFindings(
            UndefinedVariable(),
            """
            FROM --platform=$BULIDPLATFORM golang:1.26 AS build
            ^ SS0129
            FROM alpine:3.22
            """)
        #expect(findings.first?.message.contains("did you mean $BUILDPLATFORM?") == true)
    }

    @Test("ENV PATH=$PAHT: a typo of PATH, which every base sets")
    func pathTypo() {
        let findings = expectFindings(
            UndefinedVariable(),
            """
            FROM alpine:3.22
            ENV PATH=/opt/app/bin:$PAHT
            ^ SS0129
            ENV PATH=/opt/tools/bin:$PATH
            """)
        #expect(findings.first?.message == "$PAHT is not declared; did you mean $PATH?")
    }

    @Test("from scratch nothing sets a variable: COPY $foo without ARG is reported, in that stage only")
    func scratch() {
        expectFindings(
            UndefinedVariable(),
            """
            FROM scratch AS first
            ARG foo=app
            COPY $foo .

            FROM scratch AS second
            COPY $bar .
            ^ SS0129
            FROM first AS third
            COPY $foo /again
            FROM alpine:3.22
            COPY $APP_FILE /srv/
            """)
    }

    @Test("a platform variable used in a stage without its ARG is empty")
    func platformArgInStage() {
        expectFindings(
            UndefinedVariable(),
            """
            FROM --platform=$BUILDPLATFORM golang:1.26 AS build
            ARG TARGETARCH
            COPY bin/$TARGETARCH/app /app
            FROM alpine:3.22
            COPY --from=build /out/$TARGETOS/app /usr/local/bin/app
            ^ SS0129
            """)
    }
}
