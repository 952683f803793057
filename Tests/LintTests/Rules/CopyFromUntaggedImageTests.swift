import Testing

@testable import Lint

@Suite("SS0094 copy-from-untagged-image")
struct CopyFromUntaggedImageTests {
    @Test("an image reference without tag or digest in COPY --from, ADD --from and RUN --mount=from")
    func reported() {
        expectFindings(
            CopyFromUntaggedImage(),
            """
            FROM python:3.13-slim
            COPY --from=ghcr.io/astral-sh/uv /uv /uvx /bin/
            ^ SS0094
            COPY --from=docker.io/library/busybox /bin/busybox /bin/busybox
            ^ SS0094
            RUN --mount=from=localhost:5000/tools/certs,target=/certs cp /certs/ca.pem /etc/ssl/
            ^ SS0094
            """)
    }

    @Test("tags, digests, stage names and indexes, variables and single words (SS0121's) are not reported")
    func notReported() {
        expectFindings(
            CopyFromUntaggedImage(),
            """
            ARG UV_IMAGE=ghcr.io/astral-sh/uv
            FROM golang:1.25 AS build
            RUN go build -o /app .
            FROM python:3.13-slim
            COPY --from=ghcr.io/astral-sh/uv:0.9.5 /uv /bin/
            COPY --from=gcr.io/distroless/base@sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d /etc/passwd /tmp/
            COPY --from=build /app /app
            COPY --from=0 /app /app2
            COPY --from=${UV_IMAGE} /uv /bin/
            COPY --from=nginx /etc/nginx/nginx.conf /tmp/
            """)
    }
}
