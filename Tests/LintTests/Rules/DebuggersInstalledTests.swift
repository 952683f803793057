import Testing

@testable import Lint

@Suite("SS0034 debuggers-installed")
struct DebuggersInstalledTests {
    @Test("gdb and strace in the final image")
    func case1() {
        expectFindings(
            DebuggersInstalled(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y gdb strace
                ^ SS0034
            """)
    }
    @Test("a debugger in a test stage only")
    func case2() {
        expectFindings(
            DebuggersInstalled(),
            """
            FROM debian:bookworm-slim AS debug
            RUN apt-get install -y gdb
            FROM debian:bookworm-slim
            CMD ["/app"]
            """)
    }
}
