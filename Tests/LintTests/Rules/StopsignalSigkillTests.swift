import Testing

@testable import Lint

@Suite("SS0003 stopsignal-sigkill")
struct StopsignalSigkillTests {
    @Test("reports SIGKILL, KILL and 9")
    func case1() {
        expectFindings(
            StopsignalSigkill(),
            """
            FROM nginx:1.27
            STOPSIGNAL SIGKILL
            ^ SS0003
            STOPSIGNAL 9
            ^ SS0003
            """)
    }
    @Test("other signals are fine")
    func case2() {
        expectFindings(
            StopsignalSigkill(),
            """
            FROM nginx:1.27
            STOPSIGNAL SIGQUIT
            """)
    }
}
