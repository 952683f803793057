import Testing

@testable import Lint

@Suite("SS0040 static-binary-on-full-base")
struct StaticBinaryOnFullBaseTests {
    @Test("a CGO_ENABLED=0 Go binary on debian")
    func case1() {
        expectFindings(
            StaticBinaryOnFullBase(),
            """
            FROM golang:1.25 AS build
            WORKDIR /src
            RUN CGO_ENABLED=0 go build -o /app .
            FROM debian:bookworm-slim
            ^ SS0040
            COPY --from=build /app /app
            ENTRYPOINT ["/app"]
            """)
    }
    @Test("a Rust musl binary on alpine")
    func case2() {
        expectFindings(
            StaticBinaryOnFullBase(),
            """
            FROM rust:1.85 AS build
            RUN cargo build --release --target x86_64-unknown-linux-musl
            FROM alpine:3.21
            ^ SS0040
            COPY --from=build /target/x86_64-unknown-linux-musl/release/app /app
            CMD ["/app"]
            """)
    }
    @Test("scratch, distroless, a dynamically linked binary, or a final stage that installs packages")
    func case3() {
        expectFindings(
            StaticBinaryOnFullBase(),
            """
            FROM golang:1.25 AS build
            RUN go build -o /app .
            FROM debian:bookworm-slim
            COPY --from=build /app /app
            FROM golang:1.25 AS static
            ENV CGO_ENABLED=0
            RUN go build -o /app .
            FROM debian:bookworm-slim
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
            COPY --from=static /app /app
            """)
    }
}
