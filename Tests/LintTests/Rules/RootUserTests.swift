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
}
