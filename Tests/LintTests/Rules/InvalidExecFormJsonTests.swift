import Testing

@testable import Lint

@Suite("SS0124 invalid-exec-form-json")
struct InvalidExecFormJsonTests {
    @Test("single quotes and a trailing comma")
    func case1() {
        expectFindings(
            InvalidExecFormJson(),
            """
            FROM node:22-slim
            CMD ['node', 'server.js']
            ^ SS0124
            ENTRYPOINT ["node", "server.js",]
            ^ SS0124
            """)
    }
    @Test("valid JSON and the shell's test command")
    func case2() {
        expectFindings(
            InvalidExecFormJson(),
            """
            FROM node:22-slim
            RUN [ -f /etc/os-release ] && cat /etc/os-release
            CMD ["node", "server.js"]
            """)
    }
}
