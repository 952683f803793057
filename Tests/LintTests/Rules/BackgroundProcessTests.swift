import Testing

@testable import Lint

@Suite("SS0011 background-process")
struct BackgroundProcessTests {
    @Test("a background job in a shell-form CMD")
    func case1() {
        expectFindings(
            BackgroundProcess(),
            """
            FROM alpine:3.21
            CMD crond && httpd -f & tail -f /dev/null
            ^ SS0011
            """)
    }
    @Test("a background job in an exec-form sh -c")
    func case2() {
        expectFindings(
            BackgroundProcess(),
            """
            FROM alpine:3.21
            ENTRYPOINT ["sh", "-c", "crond & exec httpd -f"]
            ^ SS0011
            """)
    }
    @Test("redirections with & are not background jobs")
    func case3() {
        expectFindings(
            BackgroundProcess(),
            """
            FROM alpine:3.21
            CMD ["sh", "-c", "exec httpd -f >/dev/stdout 2>&1"]
            """)
    }
}
