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
            CMD ["python", "app.py"]
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
            CMD ["uwsgi", "--ini", "/etc/uwsgi.ini"]
            """)
    }
    @Test("build dependencies marked automatic and purged in the same RUN (docker-library's idiom)")
    func aptMarkAutoPurge() {
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM debian:bookworm-slim
            RUN set -eux; \\
                savedAptMark="$(apt-mark showmanual)"; \\
                apt-get update; \\
                apt-get install -y --no-install-recommends gcc libc6-dev make wget; \\
                make -C /usr/src/redis -j "$(nproc)" all; \\
                apt-mark auto '.*' > /dev/null; \\
                [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \\
                apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
                rm -rf /var/lib/apt/lists/*
            CMD ["redis-server"]
            """)
    }
    @Test("apt-mark auto without an auto-remove afterwards removes nothing; a package kept manual stays")
    func aptMarkWithoutPurge() {
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends gcc && apt-mark auto gcc
                                  ^ SS0032
            RUN apt-get update && apt-get install -y --no-install-recommends make \\
                                  ^ SS0032
                && apt-mark auto '.*' && apt-mark manual make && apt-get purge -y --auto-remove
            CMD ["app"]
            """)
    }
    @Test("a toolchain image: no command of its own, or an interactive shell, or the compiler itself")
    func toolchainImages() {
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM buildpack-deps:bookworm-scm
            RUN apt-get update && apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config
            COPY --from=golang:1.25 /usr/local/go /usr/local/go
            """)
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM debian:bullseye-slim
            RUN apt-get update && apt-get install -y gcc libc6-dev --no-install-recommends
            ENTRYPOINT [ "gcc" ]
            """)
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM debian:trixie-slim
            RUN apt-get update && apt-get install -y --no-install-recommends build-essential
            CMD ["bash", "--login", "-i"]
            """)
    }
    @Test("tools removed in a later stage of the FROM chain do not ship")
    func removedLaterInChain() {
        expectFindings(
            BuildToolsInFinalStage(),
            """
            FROM alpine:3.21 AS base
            RUN apk add --no-cache gcc musl-dev
            FROM base
            RUN apk del gcc musl-dev
            CMD ["/app"]
            """)
    }
}
