import Testing

@testable import Lint

@Suite("SS0125 relative-workdir")
struct RelativeWorkdirTests {
    @Test("a relative WORKDIR first")
    func case1() {
        expectFindings(
            RelativeWorkdir(),
            """
            FROM node:22-slim
            WORKDIR app
            ^ SS0125
            """)
    }
    @Test("absolute first, then relative; or inherited from the base stage")
    func case2() {
        expectFindings(
            RelativeWorkdir(),
            """
            FROM node:22-slim AS base
            WORKDIR /srv
            WORKDIR app
            FROM base
            WORKDIR web
            """)
    }
}
