import Testing

@testable import Lint

@Suite("SS0070 deletion-in-later-layer")
struct DeletionInLaterLayerTests {
    @Test("a cleanup-only RUN")
    func case1() {
        expectFindings(
            DeletionInLaterLayer(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends build-essential
            RUN apt-get purge -y build-essential && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
            ^ SS0070
            """)
    }
    @Test("removing a copied archive later")
    func case2() {
        expectFindings(
            DeletionInLaterLayer(),
            """
            FROM debian:bookworm-slim
            COPY app.tar.gz /tmp/app.tar.gz
            RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
                                                    ^ SS0070
            """)
    }
    @Test("cleanup in the same RUN")
    func case3() {
        expectFindings(
            DeletionInLaterLayer(),
            """
            FROM debian:bookworm-slim
            RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz
            """)
    }
}
