import Testing

@testable import Lint

@Suite("SS0005 unused-init")
struct UnusedInitTests {
    @Test("tini installed but not the entrypoint")
    func case1() {
        expectFindings(
            UnusedInit(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
                                  ^ SS0005
            CMD ["/usr/local/bin/app"]
            """)
    }
    @Test("tini added from a URL but not used")
    func case2() {
        expectFindings(
            UnusedInit(),
            """
            FROM debian:bookworm-slim
            ADD --checksum=sha256:abc https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
            ^ SS0005
            CMD ["/app"]
            """)
    }
    @Test("tini used as entrypoint")
    func case3() {
        expectFindings(
            UnusedInit(),
            """
            FROM alpine:3.21
            RUN apk add --no-cache tini
            ENTRYPOINT ["/sbin/tini", "--"]
            CMD ["/app"]
            """)
    }
    @Test("an init installed only in a builder stage is not judged")
    func case4() {
        expectFindings(
            UnusedInit(),
            """
            FROM alpine:3.21 AS build
            RUN apk add --no-cache tini
            FROM alpine:3.21
            CMD ["/app"]
            """)
    }
}
