import Testing

@testable import Lint

@Suite("SS0071 apt-lists-not-cleaned")
struct AptListsNotCleanedTests {
    @Test("lists left behind")
    func case1() {
        expectFindings(
            AptListsNotCleaned(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl
                                  ^ SS0071
            """)
    }
    @Test("cleaned in the same RUN, or a cache mount")
    func case2() {
        expectFindings(
            AptListsNotCleaned(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
            RUN --mount=type=cache,target=/var/lib/apt/lists --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y git
            """)
    }
}
