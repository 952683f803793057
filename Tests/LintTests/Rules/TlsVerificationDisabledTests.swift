import Testing

@testable import Lint

@Suite("SS0053 tls-verification-disabled")
struct TlsVerificationDisabledTests {
    @Test("curl -k, wget --no-check-certificate, pip --trusted-host, npm strict-ssl and GIT_SSL_NO_VERIFY")
    func case1() {
        expectFindings(
            TlsVerificationDisabled(),
            """
            FROM node:22-slim
            RUN curl -kfsSLo /tmp/x https://example.com/x
                ^ SS0053
            RUN wget --no-check-certificate https://example.com/y
                ^ SS0053
            RUN pip install --trusted-host pypi.example.com flask
                ^ SS0053
            RUN npm config set strict-ssl false
                ^ SS0053
            ENV GIT_SSL_NO_VERIFY=true
                ^ SS0053
            """)
    }
    @Test("verification left on")
    func case2() {
        expectFindings(
            TlsVerificationDisabled(),
            """
            FROM node:22-slim
            RUN curl -fsSL https://example.com/x -o /tmp/x && npm config set strict-ssl true
            ENV NODE_TLS_REJECT_UNAUTHORIZED=1
            """)
    }
    @Test("GIT_SSL_NO_VERIFY disables verification whatever its value")
    func gitSslNoVerifyAnyValue() {
        expectFindings(
            TlsVerificationDisabled(),
            """
            FROM alpine:3.21
            ENV GIT_SSL_NO_VERIFY=0
                ^ SS0053
            RUN GIT_SSL_NO_VERIFY=false git clone https://example.com/repo.git
                ^ SS0053
            """)
    }
}
