import Testing

@testable import Lint

@Suite("SS0073 chmod-in-separate-run")
struct ChmodInSeparateRunTests {
    @Test("chmod of a copied file in its own RUN")
    func case1() {
        expectFindings(
            ChmodInSeparateRun(),
            """
            FROM debian:bookworm-slim
            COPY app /usr/local/bin/app
            RUN chmod +x /usr/local/bin/app
                ^ SS0073
            COPY src/ /srv/app/
            RUN chown -R app:app /srv/app
                ^ SS0073
            """)
    }
    @Test("COPY --chmod, or chmod of files the RUN created")
    func case2() {
        expectFindings(
            ChmodInSeparateRun(),
            """
            FROM debian:bookworm-slim
            COPY --chmod=755 app /usr/local/bin/app
            RUN mkdir /data && chmod 750 /data
            """)
    }
}
