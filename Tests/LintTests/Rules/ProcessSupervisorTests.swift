import Testing

@testable import Lint

@Suite("SS0010 process-supervisor")
struct ProcessSupervisorTests {
    @Test("supervisord as the command")
    func case1() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM debian:bookworm-slim
            CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisord.conf"]
            ^ SS0010
            """)
    }
    @Test("pm2 started from a shell string")
    func case2() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM node:22-slim
            CMD ["sh", "-c", "pm2 start ecosystem.config.js --no-daemon"]
            ^ SS0010
            """)
    }
    @Test("one application, and s6-overlay's /init used as an init, are fine")
    func case3() {
        expectFindings(
            ProcessSupervisor(),
            """
            FROM node:22-slim
            ENTRYPOINT ["/init"]
            CMD ["node", "server.js"]
            """)
    }
}
