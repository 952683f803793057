import Testing

@testable import Lint

@Suite("SS0055 sudo-usage")
struct SudoUsageTests {
    @Test("sudo in RUN and installed in the final image")
    func case1() {
        expectFindings(
            SudoUsage(),
            """
            FROM ubuntu:24.04
            RUN apt-get install -y sudo
                ^ SS0055
            RUN sudo mkdir /data
                ^ SS0055
            """)
    }
    @Test("USER instead of sudo")
    func case2() {
        expectFindings(
            SudoUsage(),
            """
            FROM ubuntu:24.04
            RUN mkdir /data && chown 1000 /data
            USER 1000
            """)
    }
}
