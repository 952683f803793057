import Testing

@testable import Lint

@Suite("SS0051 world-writable-chmod")
struct WorldWritableChmodTests {
    @Test("chmod 777, a+w and --chmod=666")
    func case1() {
        expectFindings(
            WorldWritableChmod(),
            """
            FROM debian:bookworm-slim
            RUN mkdir /data && chmod -R 777 /data
                               ^ SS0051
            RUN chmod a+w /srv
                ^ SS0051
            COPY --chmod=666 app.conf /etc/app.conf
            ^ SS0051
            """)
    }
    @Test("755, 1777 and u+w are fine")
    func case2() {
        expectFindings(
            WorldWritableChmod(),
            """
            FROM debian:bookworm-slim
            RUN chmod 755 /app && chmod 1777 /tmp/shared && chmod u+w /app/data && chmod +w /app/x
            """)
    }
    @Test("a temporary directory the same RUN deletes, and builder stages, are not reported")
    func temporaryAndBuilder() {
        expectFindings(
            WorldWritableChmod(),
            """
            FROM golang:1.25 AS dev
            RUN mkdir -p /go/pkg && chmod 0777 /go/pkg
            FROM debian:bookworm-slim
            RUN tempDir="$(mktemp -d)" \\
                && chmod 777 "$tempDir" \\
                && cd "$tempDir" && make \\
                && rm -rf "$tempDir"
            RUN mkdir -p /var/lib/mpd && chmod 0777 -R /var/lib/mpd
                                         ^ SS0051
            """)
    }
}
