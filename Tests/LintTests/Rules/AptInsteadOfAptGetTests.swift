import Testing

@testable import Lint

@Suite("SS0139 apt-instead-of-apt-get")
struct AptInsteadOfAptGetTests {
    @Test("apt in RUN")
    func case1() {
        expectFindings(
            AptInsteadOfAptGet(),
            """
            FROM debian:bookworm-slim
            RUN apt update && apt install -y curl
                ^ SS0139
                              ^ SS0139
            """)
    }
    @Test("apt-get")
    func case2() {
        expectFindings(
            AptInsteadOfAptGet(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y curl
            """)
    }
}
