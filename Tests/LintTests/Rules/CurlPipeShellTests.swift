import Testing

@testable import Lint

@Suite("SS0103 curl-pipe-shell")
struct CurlPipeShellTests {
    @Test("curl | sh and wget | bash")
    func case1() {
        expectFindings(
            CurlPipeShell(),
            """
            FROM debian:bookworm-slim
            RUN curl -fsSL https://example.com/install.sh | sh
                ^ SS0103
            RUN wget -qO- https://example.com/x | sudo bash -s -- --yes
                ^ SS0103
            """)
    }
    @Test("downloading to a file, or piping into tar")
    func case2() {
        expectFindings(
            CurlPipeShell(),
            """
            FROM debian:bookworm-slim
            RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh
            RUN curl -fsSL https://example.com/x.tgz | tar -xz
            """)
    }
}
