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
}
