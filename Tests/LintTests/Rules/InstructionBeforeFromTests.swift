import Testing

@testable import Lint

@Suite("SS0123 instruction-before-from")
struct InstructionBeforeFromTests {
    @Test("ENV before FROM")
    func case1() {
        expectFindings(
            InstructionBeforeFrom(),
            """
            ARG VERSION=1
            ENV APP_HOME=/app
            ^ SS0123
            FROM alpine:3.21
            """)
    }
    @Test("only ARG before FROM")
    func case2() {
        expectFindings(
            InstructionBeforeFrom(),
            """
            ARG BASE=alpine:3.21
            FROM ${BASE}
            """)
    }
}
