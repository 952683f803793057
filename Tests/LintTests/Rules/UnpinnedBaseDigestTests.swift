import Testing

@testable import Lint

@Suite("SS0102 unpinned-base-digest")
struct UnpinnedBaseDigestTests {
    @Test("a tag without a digest")
    func case1() {
        expectFindings(
            UnpinnedBaseDigest(),
            """
            FROM alpine:3.21
            ^ SS0102
            """)
    }
    @Test("a digest, scratch or a stage")
    func case2() {
        expectFindings(
            UnpinnedBaseDigest(),
            """
            FROM alpine:3.21@sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c AS base
            FROM base
            FROM scratch
            """)
    }
}
