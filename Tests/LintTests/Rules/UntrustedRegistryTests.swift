import Testing

@testable import Lint

@Suite("SS0100 untrusted-registry")
struct UntrustedRegistryTests {
    @Test("an image from a registry outside the list")
    func case1() {
        expectFindings(
            UntrustedRegistry(),
            """
            FROM quay.io/someone/tool:1.0
            ^ SS0100
            FROM registry.example.com/base/debian:12
            """,
            configuration: Configuration(trustedRegistries: ["registry.example.com"]))
    }
    @Test("Docker Hub official images under docker.io, and prefixes with a namespace")
    func case2() {
        expectFindings(
            UntrustedRegistry(),
            """
            FROM python:3.13-slim
            FROM ghcr.io/acme/base:1
            FROM ghcr.io/other/base:1
            ^ SS0100
            """,
            configuration: Configuration(trustedRegistries: ["docker.io", "ghcr.io/acme"]))
    }
    @Test("nothing is checked without a configured list")
    func case3() {
        expectFindings(
            UntrustedRegistry(),
            """
            FROM quay.io/someone/tool:1.0
            """)
    }
}
