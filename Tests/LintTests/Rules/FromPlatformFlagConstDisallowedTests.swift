import Testing

@testable import Lint

@Suite("SS0142 from-platform-flag-const")
struct FromPlatformFlagConstDisallowedTests {
    @Test("a constant platform in a stage that does not name it")
    func constant() {
        let findings = expectFindings(
            FromPlatformFlagConstDisallowed(),
            """
            FROM --platform=linux/amd64 alpine:3.22 AS base
            ^ SS0142
            FROM --platform=linux/arm64/v8 debian:bookworm
            ^ SS0142
            """)
        #expect(findings.first?.message == "FROM --platform has the constant value \"linux/amd64\"")
    }

    @Test("variables, a stage named after the OS or (normalised) architecture, and unparseable values")
    func allowed() {
        expectFindings(
            FromPlatformFlagConstDisallowed(),
            """
            FROM --platform=$BUILDPLATFORM golang:1.26 AS build
            FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.22 AS pinned
            FROM --platform=linux/amd64 alpine:3.22 AS build_amd64
            FROM --platform=linux/x86_64 alpine:3.22 AS tools-amd64
            FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022 AS windows-base
            FROM --platform=linux/not-an-arch alpine:3.22 AS odd
            FROM alpine:3.22
            """)
    }
}
