import Crypto
import Foundation
import ImageFormat
import TestSupport
import Testing

@testable import Registry

/// Issue 18: a misbehaving registry on loopback cannot make the client keep pages forever (row 11), wait
/// minutes a request (row 15) or mislabel its errors (row 16).
@Suite("A hostile registry")
struct HostileRegistryTests {
    @Test("a tag list whose next link points to itself is an error after one page")
    func selfLink() async throws {
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(
                status: 200, headers: ["Link": "<\(request.target)>; rel=\"next\""],
                body: Array(#"{"name":"a/b","tags":["x"]}"#.utf8))
        }
        defer { server.stop() }
        let error = await #expect(throws: RegistryError.self) { try await makeClient(server.origin).tags("a/b") }
        #expect(
            error?.description.contains("links back to a page already read") == true, "\(String(describing: error))")
        #expect(server.requests.filter { $0.path.hasSuffix("/tags/list") }.count == 1)
    }

    @Test("a tag list of 1 MiB pages linked forever stops at the byte limit")
    func endlessPages() async throws {
        let tags = (0..<40_000).map { "\"tag-\(String(repeating: "x", count: 16))-\($0)\"" }.joined(separator: ",")
        let page = Array(#"{"name":"a/b","tags":[\#(tags)]}"#.utf8)
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            let number = Int(request.query.first { $0.0 == "last" }?.1 ?? "0") ?? 0
            return .init(
                status: 200, headers: ["Link": "</v2/a/b/tags/list?last=\(number + 1)>; rel=\"next\""], body: page)
        }
        defer { server.stop() }
        // Bounded by the number of pages (wall time is not measured: in the full suite, transfers queue behind
        // the other registry tests').
        await #expect(throws: RegistryError.self) { try await makeClient(server.origin).tags("a/b") }
        let pages = server.requests.filter { $0.path.hasSuffix("/tags/list") }.count
        #expect(pages <= RegistryClient.tagListByteLimit / page.count + 1)
    }

    @Test("a 429 asking to wait longer than the client waits fails at once, with the status")
    func longRetryAfter() async throws {
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(status: 429, headers: ["Retry-After": "999999"])
        }
        defer { server.stop() }
        // One request and no retry, so no wait (wall time is not measured: in the full suite, transfers queue
        // behind the other registry tests').
        let error = await #expect(throws: RegistryError.self) {
            try await makeClient(server.origin).manifest("a/b", reference: "t")
        }
        #expect(error?.description.contains("429") == true, "\(String(describing: error))")
        #expect(server.requests.filter { $0.path.contains("/manifests/") }.count == 1)
    }

    @Test("waits of one request add up to at most the cap")
    func totalWait() async throws {
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(status: 503, headers: ["Retry-After": "1"])
        }
        defer { server.stop() }
        let client = makeClient(
            server.origin,
            options: RegistryOptions(retries: 10, retryDelay: .milliseconds(10), maxRetryAfter: .seconds(2)))
        await #expect(throws: RegistryError.self) { try await client.manifest("a/b", reference: "t") }
        #expect(server.requests.filter { $0.path.contains("/manifests/") }.count == 3)
    }
}

extension HostileRegistryTests {
    @Test("a token response over 1 MiB is reported as the token response, not as the manifest")
    func hugeToken() async throws {
        let tokens = try TestHTTPServer { _ in .init(status: 200, body: [UInt8](repeating: 0x20, count: 2 << 20)) }
        defer { tokens.stop() }
        let server = try TestHTTPServer { request in
            if request.headers["authorization"] == nil {
                return .init(
                    status: 401,
                    headers: ["WWW-Authenticate": #"Bearer realm="http://\#(tokens.origin)/token",service="s""#])
            }
            return .init(status: 200)
        }
        defer { server.stop() }
        let error = await #expect(throws: RegistryError.self) {
            try await makeClient(server.origin).manifest("a/b", reference: "t")
        }
        #expect(error?.description.contains("the token response of") == true, "\(String(describing: error))")
        #expect(error?.description.contains("manifest") == false, "\(String(describing: error))")
    }
}

extension HostileRegistryTests {
    @Test("row 13: a planted --cache file of the right name and size is not used; a verified one is")
    func plantedCacheEntry() async throws {
        let blob = Array("the registry's layer bytes".utf8)
        let digest = ImageFormat.Digest(sha256: SHA256.hash(data: blob))
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(status: 200, body: blob)
        }
        defer { server.stop() }
        let cache = NSTemporaryDirectory() + "shipshape-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let planted = cache + "/sha256-" + digest.encoded
        try Data(repeating: 0x41, count: blob.count).write(to: URL(fileURLWithPath: planted))
        let source = try RegistrySource(
            reference: try reference("\(server.origin)/a/b:t"), client: makeClient(server.origin),
            cacheDirectory: cache)
        let descriptor = Descriptor(mediaType: MediaType.ociLayer, digest: digest, size: Int64(blob.count))
        let location = try await source.locate(descriptor)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: location.path))) == blob)
        #expect(server.requests.filter { $0.path.contains("/blobs/") }.count == 1)
        _ = try await source.locate(descriptor)
        #expect(server.requests.filter { $0.path.contains("/blobs/") }.count == 1)
    }
}

extension HostileRegistryTests {
    @Test("a 1 MiB header line is named as an oversized header, not 'Out of memory'")
    func hugeHeaderLine() async throws {
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(
                status: 200, headers: ["X-Big": String(repeating: "a", count: 1 << 20)], body: Array("{}".utf8))
        }
        defer { server.stop() }
        let error = await #expect(throws: (any Error).self) {
            try await makeClient(server.origin, options: RegistryOptions(retries: 0)).manifest("a/b", reference: "t")
        }
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("a header line longer than 100 KB"), "\(text)")
        #expect(!text.contains("Out of memory"))
    }

    @Test("many header lines, each under libcurl's line limit, are refused by its 300 KB total, with its message")
    func manyHeaderLines() async throws {
        var headers: [String: String] = [:]
        for index in 0..<1500 { headers["X-Filler-\(index)"] = String(repeating: "b", count: 1000) }
        let server = try TestHTTPServer { [headers] request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(status: 200, headers: headers, body: Array("{}".utf8))
        }
        defer { server.stop() }
        let error = await #expect(throws: (any Error).self) {
            try await makeClient(server.origin, options: RegistryOptions(retries: 0)).manifest("a/b", reference: "t")
        }
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("Too large response headers"), "\(text)")
    }
}

extension HostileRegistryTests {
    @Test("a manifest dripped a byte every 0.2 s stops at the transfer's deadline, saying so")
    func drippedManifest() async throws {
        let server = try TestHTTPServer { request in
            if request.path == "/v2/" { return .init(status: 200) }
            return .init(status: 200, body: [UInt8](repeating: 0x20, count: 1000), drip: 0.2)
        }
        defer { server.stop() }
        let client = RegistryClient(
            host: server.origin, http: CurlHTTPClient(documentDeadline: 2), credential: nil,
            options: RegistryOptions(retries: 0))
        // The message says the deadline stopped it (wall time is not measured: in the full suite, transfers queue
        // behind the other registry tests').
        let error = await #expect(throws: (any Error).self) { try await client.manifest("a/b", reference: "t") }
        let text = error.map(String.init(describing:)) ?? ""
        #expect(text.contains("the transfer did not finish within 2 s, the limit for it"), "\(text)")
    }

    @Test("a blob's deadline grows with its size: five minutes plus 256 KiB/s")
    func blobDeadline() {
        #expect(HTTPRequest.deadline(forBytes: 0) == 300)
        #expect(HTTPRequest.deadline(forBytes: 1 << 30) == 300 + 4096)
        #expect(HTTPRequest.deadline(forBytes: -5) == 300)
        #expect(HTTPRequest.deadline(forBytes: .max) == 300 + (1 << 30))
    }
}
