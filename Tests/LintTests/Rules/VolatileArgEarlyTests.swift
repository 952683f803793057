import Testing

@testable import Lint

@Suite("SS0023 volatile-arg-early")
struct VolatileArgEarlyTests {
    @Test("GIT_COMMIT before an install")
    func case1() {
        expectFindings(
            VolatileArgEarly(),
            """
            FROM debian:bookworm-slim
            ARG GIT_COMMIT
                ^ SS0023
            RUN apt-get update && apt-get install -y --no-install-recommends curl
            """)
    }
    @Test("declared after the expensive steps")
    func case2() {
        expectFindings(
            VolatileArgEarly(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl
            ARG GIT_COMMIT
            LABEL org.opencontainers.image.revision=$GIT_COMMIT
            """)
    }
}
