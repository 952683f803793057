import Testing

@testable import Lint

@Suite("SS0043 pip-no-cache-dir")
struct PipNoCacheDirTests {
    @Test("pip install and python -m pip install without --no-cache-dir")
    func case1() {
        expectFindings(
            PipNoCacheDir(),
            """
            FROM python:3.13-slim
            RUN pip install flask
                ^ SS0043
            RUN python3 -m pip install requests
                ^ SS0043
            """)
    }
    @Test("--no-cache-dir, a cache mount, or PIP_NO_CACHE_DIR")
    func case2() {
        expectFindings(
            PipNoCacheDir(),
            """
            FROM python:3.13-slim
            RUN pip install --no-cache-dir flask
            RUN --mount=type=cache,target=/root/.cache/pip pip install requests
            """)
    }
    @Test("PIP_NO_CACHE_DIR in ENV")
    func case3() {
        expectFindings(
            PipNoCacheDir(),
            """
            FROM python:3.13-slim
            ENV PIP_NO_CACHE_DIR=1
            RUN pip install flask
            """)
    }
    @Test("ENV of an unrelated stage does not reach this one; the base stage's does; any value disables the cache")
    func environmentFollowsFromChain() {
        expectFindings(
            PipNoCacheDir(),
            """
            FROM python:3.13-slim AS tools
            ENV PIP_NO_CACHE_DIR=1
            RUN pip install black
            FROM python:3.13-slim AS app
            RUN pip install flask
                ^ SS0043
            FROM tools AS lint
            RUN pip install ruff
            FROM python:3.13-slim
            ENV PIP_NO_CACHE_DIR=0
            RUN pip install gunicorn
            """)
    }
}
