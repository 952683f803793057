import Testing

@testable import Lint

@Suite("SS0132 copy-multiple-sources-to-file")
struct CopyMultipleSourcesToFileTests {
    @Test("two sources to a path without /")
    func case1() {
        expectFindings(
            CopyMultipleSourcesToFile(),
            """
            FROM node:22-slim
            COPY package.json package-lock.json /app
            ^ SS0132
            """)
    }
    @Test("a directory destination, or one source")
    func case2() {
        expectFindings(
            CopyMultipleSourcesToFile(),
            """
            FROM node:22-slim
            COPY package.json package-lock.json /app/
            COPY package.json /app/package.json
            WORKDIR /app
            COPY a b .
            """)
    }
}
