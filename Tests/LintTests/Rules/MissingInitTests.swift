import Testing

@testable import Lint

@Suite("SS0004 missing-init")
struct MissingInitTests {
    @Test("npm start without an init")
    func case1() {
        expectFindings(
            MissingInit(),
            """
            FROM node:22-slim
            CMD ["npm", "start"]
            ^ SS0004
            """)
    }
    @Test("a shell running several commands without an init")
    func case2() {
        expectFindings(
            MissingInit(),
            """
            FROM alpine:3.21
            CMD ["sh", "-c", "migrate && server"]
            ^ SS0004
            """)
    }
    @Test("tini, dumb-init, s6's /init and a documented --init are recognised")
    func case3() {
        expectFindings(
            MissingInit(),
            """
            FROM node:22-slim
            ENTRYPOINT ["/usr/bin/dumb-init", "--"]
            CMD ["npm", "start"]
            """)
    }
    @Test("s6-overlay init")
    func case4() {
        expectFindings(
            MissingInit(),
            """
            FROM node:22-slim
            ENTRYPOINT ["/init"]
            CMD ["npm", "start"]
            """)
    }
    @Test("docker run --init documented in a comment")
    func case5() {
        expectFindings(
            MissingInit(),
            """
            FROM node:22-slim
            # run with: docker run --init
            CMD ["npm", "start"]
            """)
    }
    @Test("a single exec'd program needs no init")
    func case6() {
        expectFindings(
            MissingInit(),
            """
            FROM node:22-slim
            CMD ["sh", "-c", "exec node server.js"]
            """)
    }
}
