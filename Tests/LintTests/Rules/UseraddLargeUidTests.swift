import Testing

@testable import Lint

@Suite("SS0074 useradd-large-uid")
struct UseraddLargeUidTests {
    @Test("a large UID without -l")
    func case1() {
        expectFindings(
            UseraddLargeUid(),
            """
            FROM debian:bookworm-slim
            RUN useradd -u 1000000 app
                ^ SS0074
            """)
    }
    @Test("-l, or a small UID")
    func case2() {
        expectFindings(
            UseraddLargeUid(),
            """
            FROM debian:bookworm-slim
            RUN useradd -l -u 1000000 app && useradd -u 1000 other
            """)
    }
}
