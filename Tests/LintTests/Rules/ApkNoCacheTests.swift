import Testing

@testable import Lint

@Suite("SS0042 apk-no-cache")
struct ApkNoCacheTests {
    @Test("apk add without --no-cache")
    func case1() {
        expectFindings(
            ApkNoCache(),
            """
            FROM alpine:3.21
            RUN apk update && apk add curl
                              ^ SS0042
            """)
    }
    @Test("--no-cache, a cache mount, or removing the cache in the same RUN")
    func case2() {
        expectFindings(
            ApkNoCache(),
            """
            FROM alpine:3.21
            RUN apk add --no-cache curl
            RUN --mount=type=cache,target=/var/cache/apk apk add git
            RUN apk add jq && rm -rf /var/cache/apk/*
            """)
    }
    @Test("apk add --no-network downloads nothing (docker-library's run-time dependencies)")
    func noNetwork() {
        expectFindings(
            ApkNoCache(),
            """
            FROM alpine:3.21
            RUN apk add --no-network --virtual .redis-rundeps $runDeps
            RUN apk add git
                ^ SS0042
            """)
    }
}
