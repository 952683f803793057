import Testing

@testable import Lint

@Suite("SS0093 invalid-oci-labels")
struct InvalidOciLabelsTests {
    @Test("latest and a branch name")
    func case1() {
        expectFindings(
            InvalidOciLabels(),
            """
            FROM alpine:3.21
            LABEL org.opencontainers.image.version=latest org.opencontainers.image.revision=main
                  ^ SS0093
                                                          ^ SS0093
            """)
    }
    @Test("a semantic version and a SHA, or variables")
    func case2() {
        expectFindings(
            InvalidOciLabels(),
            """
            FROM alpine:3.21
            LABEL org.opencontainers.image.version=v1.4.2-rc.1 org.opencontainers.image.revision=3f2c1e9a7b
            ARG V
            LABEL org.opencontainers.image.version=$V
            """)
    }
}
