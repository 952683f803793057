import Testing

@testable import Lint

@Suite("SS0135 legacy-key-value-format")
struct LegacyKeyValueFormatTests {
    @Test("ENV key value")
    func case1() {
        expectFindings(
            LegacyKeyValueFormat(),
            """
            FROM alpine:3.21
            ENV APP_HOME /app
            ^ SS0135
            LABEL maintainer jane
            ^ SS0135
            """)
    }
    @Test("key=value")
    func case2() {
        expectFindings(
            LegacyKeyValueFormat(),
            """
            FROM alpine:3.21
            ENV APP_HOME=/app PATH=/app/bin:$PATH
            LABEL maintainer=jane
            """)
    }
}
