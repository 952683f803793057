import Testing

@testable import Lint

@Suite("SS0044 single-stage-build")
struct SingleStageBuildTests {
    @Test("go build in a single-stage file")
    func case1() {
        expectFindings(
            SingleStageBuild(),
            """
            FROM golang:1.25
            COPY . .
            RUN go build -o /app .
                ^ SS0044
            """)
    }
    @Test("a multi-stage build")
    func case2() {
        expectFindings(
            SingleStageBuild(),
            """
            FROM golang:1.25 AS build
            RUN go build -o /app .
            FROM gcr.io/distroless/static-debian12
            COPY --from=build /app /app
            """)
    }
}
