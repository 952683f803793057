import Testing

@testable import Lint

@Suite("SS0127 stage-name-casing")
struct StageNameCasingTests {
    @Test("an upper-case stage name")
    func case1() {
        expectFindings(
            StageNameCasing(),
            """
            FROM golang:1.25 AS Builder
            ^ SS0127
            """)
    }
    @Test("lower case")
    func case2() {
        expectFindings(
            StageNameCasing(),
            """
            FROM golang:1.25 AS builder
            """)
    }
}
