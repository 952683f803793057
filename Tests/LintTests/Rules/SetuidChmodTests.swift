import Testing

@testable import Lint

@Suite("SS0052 setuid-chmod")
struct SetuidChmodTests {
    @Test("u+s and 4755")
    func case1() {
        expectFindings(
            SetuidChmod(),
            """
            FROM debian:bookworm-slim
            RUN chmod u+s /usr/local/bin/helper
                ^ SS0052
            RUN chmod 4755 /usr/local/bin/other
                ^ SS0052
            """)
    }
    @Test("removing the bit is fine")
    func case2() {
        expectFindings(
            SetuidChmod(),
            """
            FROM debian:bookworm-slim
            RUN chmod u-s /usr/bin/passwd && chmod 0755 /usr/local/bin/helper
            """)
    }
}
