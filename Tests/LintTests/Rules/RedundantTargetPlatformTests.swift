import Testing

@testable import Lint

@Suite("SS0136 redundant-target-platform")
struct RedundantTargetPlatformTests {
    @Test("--platform=$TARGETPLATFORM")
    func case1() {
        expectFindings(
            RedundantTargetPlatform(),
            """
            FROM --platform=$TARGETPLATFORM alpine:3.21
            ^ SS0136
            """)
    }
    @Test("--platform=$BUILDPLATFORM")
    func case2() {
        expectFindings(
            RedundantTargetPlatform(),
            """
            FROM --platform=$BUILDPLATFORM golang:1.25 AS build
            """)
    }
}
