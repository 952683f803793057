import Testing

@testable import Lint

@Suite("SS0041 apt-no-install-recommends")
struct AptNoInstallRecommendsTests {
    @Test("apt-get install without --no-install-recommends")
    func case1() {
        expectFindings(
            AptNoInstallRecommends(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y curl
                                  ^ SS0041
            """)
    }
    @Test("with the flag, or with APT::Install-Recommends configured")
    func case2() {
        expectFindings(
            AptNoInstallRecommends(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y --no-install-recommends curl
            RUN apt-get -o APT::Install-Recommends=false install -y wget
            """)
    }
    @Test("a dry run (apt-get install -s) installs nothing")
    func dryRun() {
        expectFindings(
            AptNoInstallRecommends(),
            """
            FROM debian:bookworm-slim
            RUN if apt-get install -s "postgresql-$PG_MAJOR-jit" > /dev/null 2>&1; then echo jit; fi
            """)
    }
}
