import Testing

@testable import Lint

@Suite("SS0121 unknown-stage-reference")
struct UnknownStageReferenceTests {
    @Test("a misspelt stage, a later stage and a forward index")
    func case1() {
        expectFindings(
            UnknownStageReference(),
            """
            FROM golang:1.25 AS build
            COPY --from=later /x /x
            ^ SS0121
            FROM alpine:3.21 AS later
            COPY --from=biuld /app /app
            ^ SS0121
            COPY --from=2 /x /x
            ^ SS0121
            RUN --mount=type=bind,from=nope,target=/src ls /src
            ^ SS0121
            """)
    }
    @Test("stages by name (any case) or index, and images")
    func case2() {
        expectFindings(
            UnknownStageReference(),
            """
            FROM golang:1.25 AS build
            FROM alpine:3.21
            COPY --from=BUILD /app /app
            COPY --from=0 /app /app2
            COPY --from=nginx:1.27 /etc/nginx /etc/nginx
            RUN --mount=type=bind,from=build,target=/src ls /src
            """)
    }
}
