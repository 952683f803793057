import Testing

@testable import Lint

@Suite("SS0014 multiple-cmd")
struct MultipleCmdTests {
    @Test("two CMDs and two ENTRYPOINTs in one stage")
    func case1() {
        expectFindings(
            MultipleCmd(),
            """
            FROM python:3.13-slim
            CMD ["celery", "worker"]
            ^ SS0014
            ENTRYPOINT ["a"]
            ^ SS0014
            ENTRYPOINT ["b"]
            CMD ["gunicorn", "app:app"]
            """)
    }
    @Test("one of each per stage is fine")
    func case2() {
        expectFindings(
            MultipleCmd(),
            """
            FROM python:3.13-slim AS base
            CMD ["python"]
            FROM base
            CMD ["gunicorn", "app:app"]
            """)
    }
}
