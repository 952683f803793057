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
