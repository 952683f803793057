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
    @Test("packages built in an earlier stage and mounted from it have no repository signature")
    func packagesFromBuilderStage() {
        expectFindings(
            SignatureCheckDisabled(),
            """
            FROM alpine:3.21 AS builder
            RUN abuild -r && mkdir -p /tmp/packages && cp ~/packages/*/*.apk /tmp/packages/
            FROM nginx:1.27-alpine
            RUN --mount=type=bind,target=/tmp/packages/,source=/tmp/packages/,from=builder \\
                apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-njs-1.27.4*.apk
            RUN curl -fsSLo /tmp/x.apk https://example.com/x.apk && apk add --allow-untrusted /tmp/x.apk
                                                                    ^ SS0054
            """)
    }
}
