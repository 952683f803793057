import Testing

@testable import Lint

@Suite("SS0138 missing-pipefail")
struct MissingPipefailTests {
    @Test("a pipe without pipefail")
    func case1() {
        expectFindings(
            MissingPipefail(),
            """
            FROM debian:bookworm-slim
            RUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt
                ^ SS0138
            """)
    }
    @Test("SHELL with pipefail, set -o pipefail, and exec-form RUN")
    func case2() {
        expectFindings(
            MissingPipefail(),
            """
            FROM debian:bookworm-slim AS a
            SHELL ["/bin/bash", "-o", "pipefail", "-c"]
            RUN curl -fsSL https://example.com/x.tgz | tar -xz -C /opt
            FROM a
            RUN wget -qO- https://example.com/y | tar -xz
            FROM debian:bookworm-slim
            RUN set -o pipefail && curl -fsSL https://example.com/x.tgz | tar -xz -C /opt
            RUN echo "$SHA256  /tmp/x.tgz" | sha256sum -c -
            """)
    }
    @Test("PowerShell, cmd.exe and a custom shell inherited from the base stage are not POSIX shells")
    func nonPosixShells() {
        expectFindings(
            MissingPipefail(),
            """
            FROM mcr.microsoft.com/windows/servercore:ltsc2022
            RUN dir C:\\ | findstr Windows
            SHELL ["powershell", "-Command"]
            RUN Get-ChildItem | Select-Object Name
            FROM alpine:3.21 AS base
            SHELL ["/usr/bin/customshell"]
            FROM base
            RUN produce | consume
            """)
    }
}
