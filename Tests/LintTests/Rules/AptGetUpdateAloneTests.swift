import Testing

@testable import Lint

@Suite("SS0021 apt-get-update-alone")
struct AptGetUpdateAloneTests {
    @Test("apt-get update alone before the install")
    func case1() {
        expectFindings(
            AptGetUpdateAlone(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update
            ^ SS0021
            RUN apt-get install -y --no-install-recommends curl
            """)
    }
    @Test("update and install together")
    func case2() {
        expectFindings(
            AptGetUpdateAlone(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl
            """)
    }
}
