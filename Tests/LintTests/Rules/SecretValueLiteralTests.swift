import Testing

@testable import Lint

@Suite("SS0112 secret-value-literal")
struct SecretValueLiteralTests {
    @Test("an AWS key id and a GitHub token")
    func case1() {
        expectFindings(
            SecretValueLiteral(),
            """
            FROM alpine:3.21
            ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
            ^ SS0112
            RUN git clone https://ghp_0123456789abcdefghijABCDEFGHIJ0123456789@github.com/acme/app.git
            ^ SS0112
            """)
    }
    @Test("a private key in a heredoc")
    func case2() {
        expectFindings(
            SecretValueLiteral(),
            """
            FROM alpine:3.21
            COPY <<EOF /root/.ssh/id_rsa
            -----BEGIN OPENSSH PRIVATE KEY-----
            ^ SS0112
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            -----END OPENSSH PRIVATE KEY-----
            EOF
            """)
    }
    @Test("ordinary text")
    func case3() {
        expectFindings(
            SecretValueLiteral(),
            """
            FROM alpine:3.21
            ENV AKIA_MODE=on
            RUN echo "ghp_ is the prefix of GitHub tokens"
            """)
    }
}
