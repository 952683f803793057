import Testing

@testable import Lint

@Suite("SS0020 source-before-dependencies")
struct SourceBeforeDependenciesTests {
    @Test("COPY . . before npm ci")
    func case1() {
        expectFindings(
            SourceBeforeDependencies(),
            """
            FROM node:22-slim
            WORKDIR /app
            COPY . .
            ^ SS0020
            RUN npm ci
            """)
    }
    @Test("COPY . before pip install -r and go mod download")
    func case2() {
        expectFindings(
            SourceBeforeDependencies(),
            """
            FROM python:3.13-slim
            COPY . /src
            ^ SS0020
            RUN pip install --no-cache-dir -r /src/requirements.txt
            FROM golang:1.25
            COPY . .
            ^ SS0020
            RUN go mod download && go build ./...
            """)
    }
    @Test("manifests first, then sources")
    func case3() {
        expectFindings(
            SourceBeforeDependencies(),
            """
            FROM node:22-slim
            WORKDIR /app
            COPY package.json package-lock.json ./
            RUN npm ci
            COPY . .
            RUN npm run build
            """)
    }
}
