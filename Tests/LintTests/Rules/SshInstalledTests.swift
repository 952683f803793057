import Testing

@testable import Lint

@Suite("SS0031 ssh-installed")
struct SshInstalledTests {
    @Test("openssh-server in the final image")
    func case1() {
        expectFindings(
            SshInstalled(),
            """
            FROM ubuntu:24.04
            RUN apt-get update && apt-get install -y openssh-server
                                  ^ SS0031
            """)
    }
    @Test("ssh client only in a builder stage")
    func case2() {
        expectFindings(
            SshInstalled(),
            """
            FROM alpine:3.21 AS fetch
            RUN apk add --no-cache openssh-client git
            FROM alpine:3.21
            COPY --from=fetch /src /src
            """)
    }
    @Test("an sshd image runs sshd")
    func sshdImage() {
        expectFindings(
            SshInstalled(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*
            CMD ["/usr/sbin/sshd", "-D"]
            """)
    }
}
