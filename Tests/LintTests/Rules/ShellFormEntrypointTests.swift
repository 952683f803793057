import Testing

@testable import Lint

@Suite("SS0001 shell-form-entrypoint")
struct ShellFormEntrypointTests {
    @Test("reports the shell-form ENTRYPOINT of the final stage")
    func case1() {
        expectFindings(
            ShellFormEntrypoint(),
            """
            FROM golang:1.25 AS build
            ENTRYPOINT go build
            FROM alpine:3.21
            ENTRYPOINT node server.js
            ^ SS0001
            """)
    }
    @Test("exec form, an `exec` prefix and builder stages are not reported")
    func case2() {
        expectFindings(
            ShellFormEntrypoint(),
            """
            FROM alpine:3.21 AS build
            ENTRYPOINT make all
            FROM alpine:3.21
            ENTRYPOINT ["node", "server.js"]
            """)
    }
    @Test("a shell form that execs is fine")
    func case3() {
        expectFindings(
            ShellFormEntrypoint(),
            """
            FROM alpine:3.21
            ENTRYPOINT exec node server.js
            """)
    }
}
