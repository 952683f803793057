import Testing

@testable import Lint

@Suite("SS0143 invalid-default-arg-in-from")
struct InvalidDefaultArgInFromTests {
    @Test("an ARG without default leaves `busybox:`, an empty image, an upper-case name")
    func invalid() {
        let findings = expectFindings(
            InvalidDefaultArgInFrom(),
            """
            ARG TAG
            ARG IMAGE
            ARG NAME=Alpine
            FROM busybox:${TAG} AS a
            ^ SS0143
            FROM ${IMAGE} AS b
            ^ SS0143
            FROM ${NAME}:3.22
            ^ SS0143
            """)
        #expect(findings.first?.message.contains("'busybox:'") == true)
    }

    @Test("defaults, an empty suffix, ${X:-default}, platform variables and stages are fine")
    func valid() {
        expectFindings(
            InvalidDefaultArgInFrom(),
            """
            ARG TAG=1.36
            ARG VARIANT
            ARG REGISTRY=registry.example.com:5000
            ARG DIGEST
            FROM busybox:${TAG} AS a
            FROM busybox:stable${VARIANT} AS b
            FROM alpine:${ALPINE:-3.22} AS c
            FROM ${REGISTRY}/team/app:1 AS d
            FROM --platform=$BUILDPLATFORM golang:1.26-${TARGETARCH} AS e
            FROM a
            """)
    }

    @Test("the reference grammar")
    func grammar() {
        for valid in [
            "alpine", "alpine:3.22", "docker.io/library/alpine:3.22", "localhost:5000/a/b", "ghcr.io/acme/app_x:1.0",
            "a__b", "a--b", "alpine@sha256:" + String(repeating: "a", count: 64), "[::1]:5000/app",
        ] {
            #expect(ImageReferenceGrammar.isValid(valid), "\(valid)")
        }
        for invalid in ["", "busybox:", "Alpine", ":tag", "a/", "a_-b", "-a", "a:b:c", "a@sha256:abc", "a b"] {
            #expect(!ImageReferenceGrammar.isValid(invalid), "\(invalid)")
        }
    }
}
