import Foundation
import ImageFormat
import Synchronization
import TestSupport
import Testing

@testable import Registry

@Suite("Authentication against a real registry", .needsRegistry, .needsHtpasswd, .needsOpenSSL)
struct RegistryAuthTests {
    func pushAndPull(_ client: RegistryClient, _ text: String) async throws {
        let image = try TestImage(layers: [(60, 40_000)])
        let destination = RegistryDestination(reference: try reference(text), client: client)
        _ = try await ImageCopier().copy(from: image, to: destination, selection: .all, tags: destination.tags)
        let source = try RegistrySource(reference: try reference(text), client: client)
        #expect(try await source.root().bytes == image.manifestBytes)
    }

    @Test("htpasswd Basic auth: right password works, wrong or none is a 401 that shows no secret")
    func basic() async throws {
        try await withLocalRegistry(auth: .htpasswd(users: [("alice", "correct horse")])) { registry in
            let good = makeClient(registry.host, credential: .basic(username: "alice", password: "correct horse"))
            try await pushAndPull(good, "\(registry.host)/private/app:1")

            let wrong = makeClient(registry.host, credential: .basic(username: "alice", password: "battery staple"))
            let error = await #expect(throws: RegistryError.self) {
                try await wrong.manifest("private/app", reference: "1")
            }
            guard case .unauthorized(let repository, _, _) = error else {
                Issue.record("expected unauthorized, got \(String(describing: error))")
                return
            }
            #expect(repository == "private/app")
            #expect(error?.description.contains("battery") == false)

            let anonymous = makeClient(registry.host)
            await #expect(throws: RegistryError.self) { try await anonymous.manifest("private/app", reference: "1") }
        }
    }

    @Test("token auth: Bearer tokens from the realm, cached per scope; wrong password and pull-only users refused")
    func token() async throws {
        let tokens = try TokenServer(users: ["bob": "pw-bob", "reader": "pw-reader"], pullOnly: ["reader"])
        defer { tokens.stop() }
        try await withLocalRegistry(
            auth: .token(
                realm: tokens.realm, service: TokenServer.service, issuer: TokenServer.issuer,
                certificatePath: tokens.certificatePath)
        ) { registry in
            let bob = makeClient(registry.host, credential: .basic(username: "bob", password: "pw-bob"))
            try await pushAndPull(bob, "\(registry.host)/secure/app:1")
            let afterFirst = tokens.tokenRequests
            // One token per scope set: push (pull,push) and pull; later requests reuse them.
            #expect(afterFirst <= 3)
            _ = try await bob.manifest("secure/app", reference: "1")
            _ = try await bob.manifest("secure/app", reference: "1")
            #expect(tokens.tokenRequests == afterFirst)

            let reader = makeClient(registry.host, credential: .basic(username: "reader", password: "pw-reader"))
            _ = try await reader.manifest("secure/app", reference: "1")
            let image = try TestImage(layers: [(61, 100)])
            let destination = RegistryDestination(
                reference: try reference("\(registry.host)/secure/app:2"), client: reader)
            await #expect(throws: RegistryError.self) {
                try await ImageCopier().copy(from: image, to: destination, selection: .all, tags: ["2"])
            }

            let wrong = makeClient(registry.host, credential: .basic(username: "bob", password: "nope"))
            let error = await #expect(throws: RegistryError.self) {
                try await wrong.manifest("secure/app", reference: "1")
            }
            guard case .unauthorized(_, _, let detail) = error else {
                Issue.record("expected unauthorized, got \(String(describing: error))")
                return
            }
            #expect(detail.contains("wrong password"))
            #expect(error?.description.contains("nope") == false)
        }
    }
}

@Suite("Hostile and flaky servers")
struct RegistryHostileServerTests {
    static let blobBytes = Array("the real content".utf8)

    @Test("a blob whose bytes do not match its digest is rejected and nothing is kept")
    func digestMismatch() async throws {
        let descriptor = TestImage.describe(Self.blobBytes, mediaType: MediaType.ociLayer)
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            // Same length, other bytes.
            return .init(status: 200, body: Array("the fake content".utf8))
        }
        defer { server.stop() }
        let client = makeClient(server.origin)
        let source = try RegistrySource(reference: try reference("\(server.origin)/evil/app:1"), client: client)
        defer { source.removeTemporaryFiles() }
        let error = await #expect(throws: RegistryError.self) { try await source.locate(descriptor) }
        guard case .digestMismatch = error else {
            Issue.record("expected digestMismatch, got \(String(describing: error))")
            return
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: source.directory).isEmpty)
        await #expect(throws: RegistryError.self) { try await client.fetchBlob("evil/app", descriptor, limit: 1000) }
    }

    @Test("a longer body than the descriptor says is cut off and removed")
    func tooLong() async throws {
        let descriptor = TestImage.describe(Self.blobBytes, mediaType: MediaType.ociLayer)
        let server = try TestHTTPServer { request in
            request.path == "/v2/" ? .init(status: 200) : .init(status: 200, body: Self.blobBytes + Self.blobBytes)
        }
        defer { server.stop() }
        let path = NSTemporaryDirectory() + "/shipshape-long-" + UUID().uuidString
        await #expect(throws: RegistryError.self) {
            try await makeClient(server.origin).downloadBlob("evil/app", descriptor, to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a redirect to another host drops the Authorization header")
    func redirectDropsAuthorization() async throws {
        let storage = try TestHTTPServer { _ in .init(status: 200, body: Self.blobBytes) }
        defer { storage.stop() }
        let descriptor = TestImage.describe(Self.blobBytes, mediaType: MediaType.ociLayer)
        let registry = try TestHTTPServer { request in
            guard request.headers["authorization"] == "Basic " + Data("u:secret".utf8).base64EncodedString() else {
                return .init(status: 401, headers: ["WWW-Authenticate": #"Basic realm="test""#])
            }
            if request.path == "/v2/" { return .init(status: 200) }
            // Object storage on another host name (localhost, not 127.0.0.1) and port.
            return .init(status: 307, headers: ["Location": "http://localhost:\(storage.port)/bucket/blob?sig=1"])
        }
        defer { registry.stop() }
        let client = makeClient(registry.origin, credential: .basic(username: "u", password: "secret"))
        let path = NSTemporaryDirectory() + "/shipshape-redirect-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await client.downloadBlob("app", descriptor, to: path)
        #expect(try sha256(file: path) == descriptor.digest.description)
        #expect(
            registry.requests.contains {
                $0.path.hasSuffix("/blobs/\(descriptor.digest)") && $0.headers["authorization"] != nil
            })
        let fetched = try #require(storage.requests.first)
        #expect(fetched.path == "/bucket/blob")
        #expect(fetched.headers["authorization"] == nil)
    }

    @Test("429 and 503 are retried, honouring Retry-After")
    func retries() async throws {
        let manifest = Array(
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":2},"layers":[]}"#
                .utf8)
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(status: 200, body: manifest)
        }
        defer { server.stop() }
        let counter = Counter()
        let flaky = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            switch counter.next() {
            case 0: return .init(status: 503, headers: ["Retry-After": "0"])
            case 1: return .init(status: 429, headers: ["Retry-After": "0"])
            default: return .init(status: 200, headers: ["Content-Type": MediaType.ociManifest], body: manifest)
            }
        }
        defer { flaky.stop() }
        let (descriptor, bytes) = try await makeClient(flaky.origin).manifest("a/b", reference: "1")
        #expect(bytes == manifest)
        #expect(descriptor.mediaType == MediaType.ociManifest)
        #expect(flaky.requests.filter { $0.path == "/v2/a/b/manifests/1" }.count == 3)

        let never = try TestHTTPServer { request in
            request.path == "/v2/" ? .init(status: 200) : .init(status: 503, headers: ["Retry-After": "0"])
        }
        defer { never.stop() }
        let error = await #expect(throws: RegistryError.self) {
            try await makeClient(never.origin, options: RegistryOptions(retries: 2, retryDelay: .milliseconds(1)))
                .manifest("a/b", reference: "1")
        }
        #expect(error?.description.contains("HTTP 503") == true)
        #expect(never.requests.filter { $0.path == "/v2/a/b/manifests/1" }.count == 3)
    }

    @Test("a tag list of null is empty; a manifest over 4 MiB is refused")
    func nullTagsAndLimits() async throws {
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            if request.path.hasSuffix("/tags/list") {
                return .init(status: 200, body: Array(#"{"name":"a/b","tags":null}"#.utf8))
            }
            return .init(status: 200, body: [UInt8](repeating: 0x20, count: (4 << 20) + 1))
        }
        defer { server.stop() }
        let client = makeClient(server.origin)
        #expect(try await client.tags("a/b") == [])
        let error = await #expect(throws: RegistryError.self) { try await client.manifest("a/b", reference: "big") }
        guard case .tooLarge = error else {
            Issue.record("expected tooLarge, got \(String(describing: error))")
            return
        }
    }

    @Test("plain HTTP to a registry that is not loopback is refused unless allowed")
    func insecureRefused() async throws {
        let client = RegistryClient(
            host: "registry.invalid:5000", http: CurlHTTPClient(), credential: nil,
            options: RegistryOptions(retries: 0))
        let error = await #expect(throws: RegistryError.self) { try await client.manifest("a/b", reference: "1") }
        #expect(error?.description.contains("--insecure-registry") == true)
    }
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
