import Testing

@testable import Lint

@Suite("SS0060 full-base-image")
struct FullBaseImageTests {
    @Test("python and node full images in the final stage")
    func case1() {
        expectFindings(
            FullBaseImage(),
            """
            FROM python:3.13
            ^ SS0060
            """)
    }
    @Test("slim variants, and full images in builder stages")
    func case2() {
        expectFindings(
            FullBaseImage(),
            """
            FROM node:22 AS build
            RUN npm ci
            FROM node:22-slim
            COPY --from=build /app /app
            """)
    }
    @Test("unknown variables are not judged")
    func case3() {
        expectFindings(
            FullBaseImage(),
            """
            ARG TAG
            FROM python:${TAG}
            """)
    }
}
