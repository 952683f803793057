import Testing

@testable import Lint

@Suite("SS0032 build-tools-in-final-stage")
struct BuildToolsInFinalStageTests {
    @Test("build-essential left in the image")
    func case1() {
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM python:3.13-slim
            RUN apt-get update && apt-get install -y --no-install-recommends build-essential gcc-12
                                  ^ SS0032
            """)
    }
    @Test("purged in the same RUN, an apk virtual group deleted, or a builder stage")
    func case2() {
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM python:3.13-slim AS build
            RUN apt-get update && apt-get install -y gcc make
            FROM python:3.13-alpine
            RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir uwsgi && apk del .build-deps
            RUN apt-get install -y build-essential && make && apt-get purge -y build-essential
            """)
    }
}
