import Testing

@testable import Lint

@Suite("SS0110 secret-in-env")
struct SecretInEnvTests {
    @Test("a password and a token in ENV")
    func case1() {
        expectFindings(
            SecretInEnv(),
            """
            FROM alpine:3.21
            ENV DB_PASSWORD=hunter2 GITHUB_TOKEN=abc
                ^ SS0110
                                    ^ SS0110
            ENV apiKey secret-value
                ^ SS0110
            """)
    }
    @Test("file paths, public keys, GPG key ids and references are fine")
    func case2() {
        expectFindings(
            SecretInEnv(),
            """
            FROM alpine:3.21
            ENV DB_PASSWORD_FILE=/run/secrets/db GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305 PUBLIC_KEY=abc
            ENV TOKEN=$TOKEN_FROM_ARG
            """)
    }
    @Test("placeholders are not credentials")
    func placeholders() {
        expectFindings(
            SecretInEnv(),
            """
            FROM alpine:3.21
            ENV SOME_KEY="SOME_VAL" API_TOKEN=<your-token> DB_PASSWORD=changeme SECRET_KEY=xxxxxxxx
            ENV LICENSE_KEY lgNvGyhnUKpa5PJi
                ^ SS0110
            """)
    }
}
