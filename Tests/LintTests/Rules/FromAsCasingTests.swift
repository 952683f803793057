import Testing

@testable import Lint

@Suite("SS0128 from-as-casing")
struct FromAsCasingTests {
    @Test("FROM with lower-case as")
    func case1() {
        expectFindings(
            FromAsCasing(),
            """
            FROM golang:1.25 as build
            ^ SS0128
            from alpine:3.21 AS run
            ^ SS0128
            """)
    }
    @Test("matching cases")
    func case2() {
        expectFindings(
            FromAsCasing(),
            """
            FROM golang:1.25 AS build
            from alpine:3.21 as run
            """)
    }
}
