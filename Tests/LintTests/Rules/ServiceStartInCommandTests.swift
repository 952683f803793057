import Testing

@testable import Lint

@Suite("SS0012 service-start-in-command")
struct ServiceStartInCommandTests {
    @Test("service start in CMD")
    func case1() {
        expectFindings(
            ServiceStartInCommand(),
            """
            FROM ubuntu:24.04
            CMD service nginx start && tail -f /var/log/nginx/access.log
            ^ SS0012
            """)
    }
    @Test("an init script in an exec-form shell")
    func case2() {
        expectFindings(
            ServiceStartInCommand(),
            """
            FROM ubuntu:24.04
            CMD ["bash", "-c", "/etc/init.d/mysql start && exec app"]
            ^ SS0012
            """)
    }
    @Test("a foreground server is fine")
    func case3() {
        expectFindings(
            ServiceStartInCommand(),
            """
            FROM nginx:1.27
            CMD ["nginx", "-g", "daemon off;"]
            """)
    }
}
