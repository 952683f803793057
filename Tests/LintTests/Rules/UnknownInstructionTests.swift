import Testing

@testable import Lint

@Suite("SS0126 unknown-instruction")
struct UnknownInstructionTests {
    @Test("a shell command without RUN")
    func case1() {
        expectFindings(
            UnknownInstruction(),
            """
            FROM alpine:3.21
            RUN apk add --no-cache curl
            apk add --no-cache git
            ^ SS0126
            """)
    }
    @Test("a continued RUN")
    func case2() {
        expectFindings(
            UnknownInstruction(),
            """
            FROM alpine:3.21
            RUN apk add --no-cache curl \\
                git
            """)
    }
}
