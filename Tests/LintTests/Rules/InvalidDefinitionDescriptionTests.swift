import Testing

@testable import Lint

@Suite("SS0144 invalid-definition-description")
struct InvalidDefinitionDescriptionTests {
    @Test("comments right above ARG and named FROM that do not start with the name")
    func invalid() {
        let findings = expectFindings(
            InvalidDefinitionDescription(),
            """
            # check=experimental=InvalidDefinitionDescription
            # the version to build
            ARG VERSION=1
            ^ SS0144
            # Builder compiles the code
            FROM golang:1.26 AS builder
            ^ SS0144
            # options
            ARG A=1 B=2
            ^ SS0144
            """)
        #expect(findings.last?.message == "the comment above ARG should read `# <arg_key> <description>`")
    }

    @Test("descriptions, a bare # or an empty line between, unnamed stages, directives and other instructions")
    func valid() {
        expectFindings(
            InvalidDefinitionDescription(),
            """
            # syntax=docker/dockerfile:1
            # check=experimental=all
            ARG FIRST=1
            # VERSION the version to build
            ARG VERSION=1
            # builder compiles the code
            FROM golang:1.26 AS builder
            # not a description
            #
            ARG A=1
            # not a description either

            ARG B=2
            # the final image
            FROM alpine:3.22
            # copy the binary
            COPY --from=builder /app /app
            # B is one of them
            ARG A=1 B=2
            """)
    }

    @Test("without the experimental directive, as in BuildKit, nothing is reported")
    func optIn() {
        expectFindings(InvalidDefinitionDescription(), "# the version to build\nARG VERSION=1\nFROM alpine:3.22\n")
        expectFindings(
            InvalidDefinitionDescription(),
            "# check=experimental=CopyIgnoredFile\n# the version\nARG VERSION=1\nFROM alpine:3.22\n")
    }
}
