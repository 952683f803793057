import Testing

@testable import Lint

@Suite("SS0090 untagged-base")
struct UntaggedBaseTests {
    @Test("no tag")
    func case1() {
        expectFindings(
            UntaggedBase(),
            """
            FROM ubuntu
            ^ SS0090
            """)
    }
    @Test("a tag, a digest, scratch or a stage")
    func case2() {
        expectFindings(
            UntaggedBase(),
            """
            FROM ubuntu:24.04 AS base
            FROM alpine@sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c AS other
            FROM base
            FROM scratch
            """)
    }
}
