import Testing

@testable import Lint

@Suite("SS0033 editors-installed")
struct EditorsInstalledTests {
    @Test("vim in the final image")
    func case1() {
        expectFindings(
            EditorsInstalled(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y vim-tiny nano
                ^ SS0033
            """)
    }
    @Test("no editor")
    func case2() {
        expectFindings(
            EditorsInstalled(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y ca-certificates
            """)
    }
}
