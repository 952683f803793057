import Testing

@testable import Lint

@Suite("SS0140 no-empty-continuation")
struct NoEmptyContinuationTests {
    @Test("an empty line inside a continued COPY and RUN: one finding each, at the instruction's last line")
    func emptyLines() {
        expectFindings(
            NoEmptyContinuation(),
            """
            FROM alpine:3.22
            COPY app.conf \\

              /etc/app.conf
            ^ SS0140
            RUN apk add --no-cache \\

                curl \\

                git
            ^ SS0140
            """)
    }

    @Test("a comment line or a whitespace-free continuation is no empty continuation")
    func comments() {
        expectFindings(
            NoEmptyContinuation(),
            """
            FROM alpine:3.22
            EXPOSE \\
            # the web port
            80
            RUN apk add --no-cache \\
                curl

            CMD ["sh"]
            """)
    }
}
