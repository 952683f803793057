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
    @Test("apt 2.7's dist-clean and find -delete remove the lists; a dry run installs nothing")
    func distClean() {
        expectFindings(
            AptListsNotCleaned(),
            """
            FROM debian:trixie-slim
            RUN apt-get update && apt-get install -y --no-install-recommends signal-desktop && apt-get dist-clean
            RUN apt-get update; apt-get install -y --no-install-recommends tor; find /var/lib/apt/lists -type f -delete
            RUN apt-get update && apt-get install -s --no-install-recommends build-essential
            """)
    }
    @Test("removing the lists before the install is not enough")
    func cleanedBeforeInstall() {
        expectFindings(
            AptListsNotCleaned(),
            """
            FROM debian:bookworm-slim
            RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends git
                                                                 ^ SS0071
            """)
    }
    @Test("a builder stage nothing is built upon keeps its lists to itself; one another stage builds FROM does not")
    func builderStages() {
        expectFindings(
            AptListsNotCleaned(),
            """
            FROM debian:bookworm AS build
            RUN apt-get update && apt-get install -y --no-install-recommends gcc
            FROM debian:bookworm AS base
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
                                  ^ SS0071
            FROM base AS tests
            RUN true
            FROM gcr.io/distroless/cc-debian12
            COPY --from=build /out /out
            """)
    }
}
