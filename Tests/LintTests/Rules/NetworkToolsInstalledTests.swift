import Testing

@testable import Lint

@Suite("SS0030 network-tools-installed")
struct NetworkToolsInstalledTests {
    @Test("netcat and socat in the final image")
    func case1() {
        expectFindings(
            NetworkToolsInstalled(),
            """
            FROM alpine:3.21
            RUN apk add --no-cache socat curl
                ^ SS0030
            RUN apt-get install -y netcat-openbsd
                ^ SS0030
            """)
    }
    @Test("removed in the same RUN, or only in a builder stage")
    func case2() {
        expectFindings(
            NetworkToolsInstalled(),
            """
            FROM alpine:3.21 AS build
            RUN apk add --no-cache nmap
            FROM alpine:3.21
            RUN apk add --no-cache --virtual .tools socat && socat -V && apk del .tools
            """)
    }
    @Test("the tool the image runs is its application, not an unnecessary tool")
    func toolIsTheApplication() {
        expectFindings(
            NetworkToolsInstalled(),
            """
            FROM debian:bullseye-slim
            RUN apt-get update && apt-get install -y nmap --no-install-recommends && rm -rf /var/lib/apt/lists/*
            ENTRYPOINT [ "nmap" ]
            """)
        expectFindings(
            NetworkToolsInstalled(),
            """
            FROM alpine:3.21
            RUN apk add --no-cache socat tcpdump
                ^ SS0030
            ENTRYPOINT ["socat"]
            """)
    }
}
