import Testing

@testable import Lint

@Suite("SS0050 root-user")
struct RootUserTests {
    @Test("no USER in the final stage")
    func case1() {
        expectFindings(
            RootUser(),
            """
            FROM node:22-slim AS build
            USER node
            FROM node:22-slim
            ^ SS0050
            CMD ["node", "server.js"]
            """)
    }
    @Test("USER root at the end")
    func case2() {
        expectFindings(
            RootUser(),
            """
            FROM node:22-slim
            USER node
            RUN id
            USER root
            ^ SS0050
            """)
    }
    @Test("a non-root user, one inherited from the base stage, a variable, or a nonroot base")
    func case3() {
        expectFindings(
            RootUser(),
            """
            FROM node:22-slim AS base
            USER node
            FROM base
            CMD ["node", "server.js"]
            """)
    }
    @Test("a USER with a variable is not judged")
    func case4() {
        expectFindings(
            RootUser(),
            """
            FROM alpine:3.21
            ARG UID
            USER $UID
            """)
    }
    @Test("a nonroot distroless base")
    func case5() {
        expectFindings(
            RootUser(),
            """
            FROM gcr.io/distroless/static-debian12:nonroot
            COPY app /app
            """)
    }
    @Test("a scratch stage that only exports files, and an entrypoint that drops privileges")
    func exportsAndDroppers() {
        expectFindings(
            RootUser(),
            """
            FROM golang:1.25 AS build
            RUN go build -o /out/app .
            FROM scratch
            COPY --from=build /out/app /app
            """)
        expectFindings(
            RootUser(),
            """
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
            COPY docker-entrypoint.sh /usr/local/bin/
            ENTRYPOINT ["docker-entrypoint.sh"]
            CMD ["postgres"]
            """)
        expectFindings(
            RootUser(),
            """
            FROM scratch
            ^ SS0050
            COPY app /app
            CMD ["/app"]
            """)

    }
}
