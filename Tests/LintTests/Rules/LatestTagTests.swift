import Testing

@testable import Lint

@Suite("SS0091 latest-tag")
struct LatestTagTests {
    @Test("latest")
    func case1() {
        expectFindings(
            LatestTag(),
            """
            FROM node:latest
            ^ SS0091
            """)
    }
    @Test("a version")
    func case2() {
        expectFindings(
            LatestTag(),
            """
            FROM node:22-slim
            """)
    }
}
