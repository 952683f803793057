import Testing

@testable import Lint

@Suite("SS0134 cd-in-run")
struct CdInRunTests {
    @Test("RUN cd /app")
    func case1() {
        expectFindings(
            CdInRun(),
            """
            FROM node:22-slim
            RUN cd /app && npm ci
                ^ SS0134
            """)
    }
    @Test("WORKDIR, or cd into a temporary directory")
    func case2() {
        expectFindings(
            CdInRun(),
            """
            FROM node:22-slim
            WORKDIR /app
            RUN cd /tmp && curl -fsSLO https://example.com/x.tgz
            """)
    }
}
