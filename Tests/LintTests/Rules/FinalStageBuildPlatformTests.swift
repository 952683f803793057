import Testing

@testable import Lint

@Suite("SS0151 final-stage-build-platform")
struct FinalStageBuildPlatformTests {
    @Test("the final stage, or the stage it is built FROM, runs on the build platform")
    func reported() {
        expectFindings(
            FinalStageBuildPlatform(),
            """
            FROM --platform=$BUILDPLATFORM golang:1.25 AS build
            RUN go build -o /out/app .
            FROM --platform=${BUILDPLATFORM} alpine:3.21
            ^ SS0151
            COPY --from=build /out/app /usr/local/bin/app
            CMD ["app"]
            """)
        expectFindings(
            FinalStageBuildPlatform(),
            """
            FROM --platform=$BUILDPLATFORM node:22-slim AS base
            ^ SS0151
            WORKDIR /app
            FROM base
            COPY . .
            CMD ["node", "server.js"]
            """)
    }

    @Test("cross-compiling builder stages, a scratch export stage, a final stage for the target")
    func notReported() {
        expectFindings(
            FinalStageBuildPlatform(),
            """
            FROM --platform=$BUILDPLATFORM golang:1.25 AS build
            ARG TARGETARCH
            RUN GOARCH=$TARGETARCH go build -o /out/app .
            FROM gcr.io/distroless/static-debian12
            COPY --from=build /out/app /app
            ENTRYPOINT ["/app"]
            """)
        expectFindings(
            FinalStageBuildPlatform(),
            """
            FROM --platform=$BUILDPLATFORM rust:1.90 AS build
            RUN cargo build --release
            FROM --platform=$BUILDPLATFORM scratch
            COPY --from=build /target/release/tool /
            """)
        expectFindings(
            FinalStageBuildPlatform(),
            """
            FROM --platform=$BUILDPLATFORM debian:bookworm AS base
            FROM --platform=$TARGETPLATFORM base
            CMD ["bash"]
            """)
        // A dev target extending the builder (docker's awesome-compose `dev-envs`): the authors' choice.
        expectFindings(
            FinalStageBuildPlatform(),
            """
            FROM --platform=$BUILDPLATFORM python:3.13-alpine AS builder
            COPY requirements.txt .
            RUN pip install -r requirements.txt
            FROM builder AS dev-envs
            CMD ["python", "app.py"]
            """)
    }
}
