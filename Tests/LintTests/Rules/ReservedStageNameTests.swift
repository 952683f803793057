import Testing

@testable import Lint

@Suite("SS0137 reserved-stage-name")
struct ReservedStageNameTests {
    @Test("a stage called scratch or context")
    func case1() {
        expectFindings(
            ReservedStageName(),
            """
            FROM alpine:3.21 AS scratch
            ^ SS0137
            FROM alpine:3.21 AS Context
            ^ SS0137
            """)
    }
    @Test("other names")
    func case2() {
        expectFindings(
            ReservedStageName(),
            """
            FROM alpine:3.21 AS base
            """)
    }
}
