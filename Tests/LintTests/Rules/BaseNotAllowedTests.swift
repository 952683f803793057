import Testing

@testable import Lint

@Suite("SS0101 base-not-allowed")
struct BaseNotAllowedTests {
    @Test("a base outside the allowed list")
    func case1() {
        expectFindings(
            BaseNotAllowed(),
            """
            FROM fedora:41
            ^ SS0101
            FROM debian:bookworm-slim
            FROM gcr.io/distroless/static-debian12:nonroot
            """,
            configuration: Configuration(allowedBaseImages: ["debian:bookworm-slim", "gcr.io/distroless/*"]))
    }
    @Test("no list, no check")
    func case2() {
        expectFindings(
            BaseNotAllowed(),
            """
            FROM fedora:41
            """)
    }
}
