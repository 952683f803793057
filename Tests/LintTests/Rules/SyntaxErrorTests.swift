import Testing

@testable import Lint

@Suite("SS0120 syntax-error")
struct SyntaxErrorTests {
    @Test("an unterminated heredoc")
    func case1() {
        expectFindings(
            SyntaxError(),
            """
            FROM alpine:3.21
            RUN <<EOF
                ^ SS0120
            echo hello
            """)
    }
    @Test("a valid file")
    func case2() {
        expectFindings(
            SyntaxError(),
            """
            FROM alpine:3.21
            RUN <<EOF
            echo hello
            EOF
            """)
    }
}
