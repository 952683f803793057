import Testing

@testable import Lint

@Suite("SS0111 secret-in-arg")
struct SecretInArgTests {
    @Test("a token as a build argument")
    func case1() {
        expectFindings(
            SecretInArg(),
            """
            FROM node:22-slim
            ARG NPM_TOKEN
                ^ SS0111
            ARG AWS_SECRET_ACCESS_KEY=
                ^ SS0111
            """)
    }
    @Test("ordinary build arguments")
    func case2() {
        expectFindings(
            SecretInArg(),
            """
            FROM node:22-slim
            ARG NODE_VERSION=22
            ARG KEY_FILE_PATH
            """)
    }
}
