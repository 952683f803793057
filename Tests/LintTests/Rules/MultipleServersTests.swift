import Testing

@testable import Lint

@Suite("SS0013 multiple-servers")
struct MultipleServersTests {
    @Test("a web server and a database")
    func case1() {
        expectFindings(
            MultipleServers(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends nginx postgresql && rm -rf /var/lib/apt/lists/*
                                  ^ SS0013
            """)
    }
    @Test("one server, and servers in builder stages, are fine")
    func case2() {
        expectFindings(
            MultipleServers(),
            """
            FROM debian:bookworm-slim AS test
            RUN apt-get update && apt-get install -y redis-server postgresql
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
            """)
    }
}
