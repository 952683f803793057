import Testing

@testable import Lint

@Suite("SS0131 inconsistent-instruction-casing")
struct InconsistentInstructionCasingTests {
    @Test("lower case in an upper-case file, and mixed case")
    func case1() {
        expectFindings(
            InconsistentInstructionCasing(),
            """
            FROM alpine:3.21
            run apk add --no-cache curl
            ^ SS0131
            Copy . /app
            ^ SS0131
            CMD ["sh"]
            """)
    }
    @Test("all lower case is consistent too")
    func case2() {
        expectFindings(
            InconsistentInstructionCasing(),
            """
            from alpine:3.21
            run apk add --no-cache curl
            """)
    }
    @Test("unknown instructions are left to unknown-instruction")
    func case3() {
        expectFindings(
            InconsistentInstructionCasing(),
            """
            FROM alpine:3.21
            apk add git
            """)
    }
}
