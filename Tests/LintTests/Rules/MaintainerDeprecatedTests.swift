import Testing

@testable import Lint

@Suite("SS0130 maintainer-deprecated")
struct MaintainerDeprecatedTests {
    @Test("MAINTAINER")
    func case1() {
        expectFindings(
            MaintainerDeprecated(),
            """
            FROM alpine:3.21
            MAINTAINER Jane Doe <jane@example.com>
            ^ SS0130
            """)
    }
    @Test("a label")
    func case2() {
        expectFindings(
            MaintainerDeprecated(),
            """
            FROM alpine:3.21
            LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
            """)
    }
}
