import Testing

@testable import Lint

@Suite("SS0113 copy-secret-file")
struct CopySecretFileTests {
    @Test("id_rsa, .env and a .pem key")
    func case1() {
        expectFindings(
            CopySecretFile(),
            """
            FROM alpine:3.21
            COPY id_rsa /root/.ssh/id_rsa
            ^ SS0113
            COPY .env /app/.env
            ^ SS0113
            ADD certs/server.key /etc/ssl/private/
            ^ SS0113
            """)
    }
    @Test("public keys, certificates, .env.example and files from a stage")
    func case2() {
        expectFindings(
            CopySecretFile(),
            """
            FROM alpine:3.21
            COPY id_rsa.pub /root/.ssh/authorized_keys
            COPY .env.example /app/.env.example
            COPY ca-cert.pem /usr/local/share/ca-certificates/ca.crt
            COPY --from=build /app/.env /app/.env
            """)
    }
}
