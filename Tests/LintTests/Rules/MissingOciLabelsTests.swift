import Testing

@testable import Lint

@Suite("SS0092 missing-oci-labels")
struct MissingOciLabelsTests {
    @Test("no labels")
    func case1() {
        expectFindings(
            MissingOciLabels(),
            """
            FROM alpine:3.21 AS build
            LABEL org.opencontainers.image.version=1.0.0 org.opencontainers.image.revision=abcdef1
            FROM alpine:3.21
            ^ SS0092
            """)
    }
    @Test("both labels in the final stage")
    func case2() {
        expectFindings(
            MissingOciLabels(),
            """
            FROM alpine:3.21
            ARG VERSION
            ARG REVISION
            LABEL org.opencontainers.image.version=$VERSION \\
                  org.opencontainers.image.revision=$REVISION
            """)
    }
}
