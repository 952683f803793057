import Testing

@testable import Lint

@Suite("SS0002 shell-form-cmd")
struct ShellFormCmdTests {
    @Test("reports a shell-form CMD in the final stage, also inherited from its base stage")
    func case1() {
        expectFindings(
            ShellFormCmd(),
            """
            FROM python:3.13-slim AS base
            CMD python -m http.server
            ^ SS0002
            FROM base
            EXPOSE 8000
            """)
    }
    @Test("only the effective CMD counts")
    func case2() {
        expectFindings(
            ShellFormCmd(),
            """
            FROM python:3.13-slim
            CMD python app.py
            CMD ["python", "app.py"]
            """)
    }
    @Test("a declared SHELL, here or inherited from the base stage, runs the shell form")
    func declaredShell() {
        expectFindings(
            ShellFormCmd(),
            """
            FROM alpine:3.21 AS base
            SHELL ["/usr/bin/customshell"]
            FROM base
            CMD serve --port 80
            """)
        expectFindings(
            ShellFormCmd(),
            """
            FROM alpine:3.21 AS other
            SHELL ["/usr/bin/customshell"]
            FROM alpine:3.21
            CMD serve --port 80
            ^ SS0002
            """)
    }
}
