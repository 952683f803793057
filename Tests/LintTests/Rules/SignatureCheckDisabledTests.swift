import Testing

@testable import Lint

@Suite("SS0054 signature-check-disabled")
struct SignatureCheckDisabledTests {
    @Test("--allow-unauthenticated, --nogpgcheck, --allow-untrusted")
    func case1() {
        expectFindings(
            SignatureCheckDisabled(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y --allow-unauthenticated curl
                ^ SS0054
            RUN dnf install -y --nogpgcheck nginx
                ^ SS0054
            RUN apk add --allow-untrusted /tmp/x.apk
                ^ SS0054
            """)
    }
    @Test("signatures checked")
    func case2() {
        expectFindings(
            SignatureCheckDisabled(),
            """
            FROM debian:bookworm-slim
            RUN apt-get install -y --no-install-recommends curl
            """)
    }
}
