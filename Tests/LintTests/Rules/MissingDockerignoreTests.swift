import Testing

@testable import Lint

@Suite("SS0022 missing-dockerignore")
struct MissingDockerignoreTests {
    @Test("COPY . . without .dockerignore")
    func case1() {
        expectFindings(
            MissingDockerignore(),
            """
            FROM node:22-slim
            COPY . .
            ^ SS0022
            """,
            buildContext: MemoryContext(files: ["package.json": "{}"]))
    }
    @Test("with a .dockerignore")
    func case2() {
        expectFindings(
            MissingDockerignore(),
            """
            FROM node:22-slim
            COPY . .
            """,
            buildContext: MemoryContext(files: [".dockerignore": ".git\n"]))
    }
    @Test("with Dockerfile.dockerignore")
    func case3() {
        expectFindings(
            MissingDockerignore(),
            """
            FROM node:22-slim
            COPY . .
            """,
            buildContext: MemoryContext(files: ["Dockerfile.dockerignore": ".git\n"]))
    }
    @Test("stdin has no build context to check")
    func case4() {
        expectFindings(
            MissingDockerignore(),
            """
            FROM node:22-slim
            COPY . .
            """)
    }
}
