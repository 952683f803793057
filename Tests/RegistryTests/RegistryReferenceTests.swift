import Foundation
import ImageFormat
import Testing

@testable import Registry

@Suite("Registry references")
struct RegistryReferenceTests {
    @Test(
        "valid references normalise as Docker does",
        arguments: [
            ("alpine", "docker.io/library/alpine:latest"),
            ("alpine:3.20", "docker.io/library/alpine:3.20"),
            ("docker.io/alpine", "docker.io/library/alpine:latest"),
            ("index.docker.io/library/alpine:1", "docker.io/library/alpine:1"),
            ("org/app:v1", "docker.io/org/app:v1"),
            ("localhost/app", "localhost/app:latest"),
            ("localhost:5000/team/app:1.0", "localhost:5000/team/app:1.0"),
            ("127.0.0.1:5000/app", "127.0.0.1:5000/app:latest"),
            ("ghcr.io/o-r_g/a.p__p--x:T_1.x-y", "ghcr.io/o-r_g/a.p__p--x:T_1.x-y"),
            ("[::1]:5000/app:1", "[::1]:5000/app:1"),
            (
                "quay.io/app@sha256:" + String(repeating: "a", count: 64),
                "quay.io/app@sha256:" + String(repeating: "a", count: 64)
            ),
            (
                "app:1@sha256:" + String(repeating: "b", count: 64),
                "docker.io/library/app:1@sha256:" + String(repeating: "b", count: 64)
            ),
        ])
    func valid(text: String, normalised: String) throws {
        #expect(try RegistryReference(parsing: text).description == normalised)
    }

    @Test(
        "invalid references are refused with a reason",
        arguments: [
            "", "Alpine", "docker.io/Library/alpine", "app:", "app:-bad", "app:" + String(repeating: "x", count: 129),
            "app@sha256:abc", "app@md5:" + String(repeating: "a", count: 32), "a//b", "a/-b", "app_/x", "bad host/app",
            "-host.com/app",
        ])
    func invalid(text: String) {
        #expect(throws: RegistryError.self) { try RegistryReference(parsing: text) }
    }

    @Test("Docker Hub's API host, the implied tag and the reference part")
    func hubHost() throws {
        let hub = try RegistryReference(parsing: "alpine")
        #expect(hub.apiHost == "registry-1.docker.io")
        #expect(hub.usesImplicitLatest)
        #expect(hub.reference == "latest")
        let pinned = try RegistryReference(parsing: "ghcr.io/a/b:1@sha256:" + String(repeating: "c", count: 64))
        #expect(pinned.apiHost == "ghcr.io")
        #expect(pinned.reference == "sha256:" + String(repeating: "c", count: 64))
        #expect(!pinned.usesImplicitLatest)
    }

    @Test(
        "loopback hosts",
        arguments: [
            ("localhost", true), ("localhost:5000", true), ("127.0.0.1:80", true), ("127.5.6.7", true),
            ("[::1]:5000", true), ("::1", true), ("128.0.0.1", false), ("example.com", false),
            ("127.0.0.1.example.com", false), ("10.0.0.1:5000", false),
        ])
    func loopback(host: String, expected: Bool) {
        #expect(Loopback.contains(host) == expected)
    }

    @Test("plain HTTP only for loopback, --insecure-registry hosts or --plain-http")
    func plainHTTPPolicy() {
        #expect(RegistryOptions().allowsPlainHTTP("localhost:5000"))
        #expect(!RegistryOptions().allowsPlainHTTP("registry.example.com"))
        #expect(RegistryOptions(insecureRegistries: ["registry.example.com"]).allowsPlainHTTP("registry.example.com"))
        #expect(RegistryOptions(insecureRegistries: ["10.1.1.1"]).allowsPlainHTTP("10.1.1.1:5000"))
        #expect(RegistryOptions(plainHTTP: true).allowsPlainHTTP("registry.example.com"))
    }
}

@Suite("WWW-Authenticate and Link headers")
struct HeaderParsingTests {
    @Test("a Bearer challenge with realm, service, scope and error")
    func bearer() throws {
        let challenge = try #require(
            AuthChallenge(
                header:
                    #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push",error="insufficient_scope""#
            ))
        #expect(challenge.scheme == .bearer)
        #expect(challenge.realm == "https://auth.example.com/token")
        #expect(challenge.service == "registry.example.com")
        #expect(challenge.scope == "repository:a/b:pull,push")
        #expect(challenge.error == "insufficient_scope")
    }

    @Test("a Basic challenge, unquoted values and escapes")
    func basic() throws {
        let challenge = try #require(AuthChallenge(header: #"basic realm="Registry \"Realm\"", charset=UTF-8"#))
        #expect(challenge.scheme == .basic)
        #expect(challenge.realm == #"Registry "Realm""#)
        #expect(challenge.parameters["charset"] == "UTF-8")
        #expect(AuthChallenge(header: "") == nil)
    }

    @Test("Link rel=next, relative and absolute")
    func link() throws {
        let base = try #require(URL(string: "http://127.0.0.1:5000/v2/a/tags/list?n=1"))
        #expect(
            RegistryClient.nextLink(#"</v2/a/tags/list?last=x&n=1>; rel="next""#, relativeTo: base)?.absoluteString
                == "http://127.0.0.1:5000/v2/a/tags/list?last=x&n=1")
        #expect(
            RegistryClient.nextLink(
                #"<https://b.example/p>; rel="prev", <https://b.example/n>; rel="next""#, relativeTo: base)?
                .absoluteString == "https://b.example/n")
        #expect(RegistryClient.nextLink(nil, relativeTo: base) == nil)
    }

    @Test("the registry's error JSON becomes the detail")
    func errorDetail() {
        let body = Array(#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]}"#.utf8)
        #expect(RegistryClient.errorDetail(body) == "MANIFEST_UNKNOWN: manifest unknown")
        #expect(RegistryClient.errorDetail(Array("<html>".utf8)) == "")
    }
}
