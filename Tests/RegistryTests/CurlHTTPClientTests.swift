import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Registry

/// The libcurl transport against a local HTTP server: what goes over the wire and what comes back.
@Suite("HTTP transport on libcurl")
struct CurlHTTPClientTests {
    let client = CurlHTTPClient(parallelism: 2, timeout: 10)

    func url(_ server: TestHTTPServer, _ path: String) throws -> URL {
        try #require(URL(string: "http://\(server.origin)\(path)"))
    }

    @Test("a GET streams the body into the receiver and returns the status and lowercased headers")
    func get() async throws {
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let server = try TestHTTPServer { _ in
            .init(status: 404, headers: ["Docker-Content-Digest": "sha256:x"], body: body)
        }
        let receiver = MemoryReceiver(limit: 1 << 20)
        let head = try await client.send(
            HTTPRequest(method: "GET", url: try url(server, "/v2/a"), headers: ["Accept": "application/json"]),
            receiver: receiver)
        #expect(head.status == 404)
        #expect(head.headers["docker-content-digest"] == "sha256:x")
        #expect(receiver.bytes == body)
        #expect(server.requests.first?.headers["accept"] == "application/json")
    }

    @Test("a redirect comes back as a 3xx; the transport does not follow it")
    func redirect() async throws {
        let server = try TestHTTPServer { _ in .init(status: 307, headers: ["Location": "/elsewhere"]) }
        let head = try await client.send(
            HTTPRequest(method: "GET", url: try url(server, "/v2/blob")), receiver: MemoryReceiver(limit: 1024))
        #expect(head.status == 307)
        #expect(head["Location"] == "/elsewhere")
        #expect(server.requests.map(\.path) == ["/v2/blob"])
    }

    @Test("a PUT sends exactly the file region, with its Content-Length and no Expect round trip")
    func uploadRegion() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let server = try TestHTTPServer { _ in .init(status: 201) }
        let head = try await client.send(
            HTTPRequest(
                method: "PUT", url: try url(server, "/v2/a/blobs/uploads/1?digest=sha256:y"),
                headers: ["Content-Length": "123"], body: .file(path: file.path, offset: 1000, length: 250_000)),
            receiver: MemoryReceiver(limit: 1024))
        #expect(head.status == 201)
        let request = try #require(server.requests.first)
        #expect(request.method == "PUT")
        #expect(request.headers["content-length"] == "250000")
        #expect(request.headers["expect"] == nil)
        #expect(request.body == Array(bytes[1000..<251_000]))
    }

    @Test("a POST or PATCH without a body says Content-Length: 0; a HEAD returns the head only")
    func emptyBodies() async throws {
        let server = try TestHTTPServer { request in
            .init(status: request.method == "HEAD" ? 200 : 202, headers: ["Location": "/next"], body: [1, 2, 3])
        }
        let receiver = MemoryReceiver(limit: 1024)
        let post = try await client.send(HTTPRequest(method: "POST", url: try url(server, "/up")), receiver: receiver)
        #expect(post.status == 202)
        let head = try await client.send(HTTPRequest(method: "HEAD", url: try url(server, "/m")), receiver: receiver)
        #expect(head.status == 200)
        #expect(head["content-length"] == "3")
        #expect(receiver.bytes.isEmpty)
        #expect(server.requests.map(\.method) == ["POST", "HEAD"])
        #expect(server.requests.first?.headers["content-length"] == "0")
    }

    @Test("a refused connection is a transport error naming the address; a missing file names the file")
    func failures() async throws {
        let port = try LocalRegistry.freePort()
        let refused = await #expect(throws: HTTPTransportError.self) {
            try await client.send(
                HTTPRequest(method: "GET", url: try #require(URL(string: "http://127.0.0.1:\(port)/v2/"))),
                receiver: MemoryReceiver(limit: 1024))
        }
        #expect(refused?.reason.contains("\(port)") == true)

        let missing = await #expect(throws: HTTPTransportError.self) {
            try await client.send(
                HTTPRequest(
                    method: "PUT", url: try #require(URL(string: "http://127.0.0.1:\(port)/")),
                    body: .file(path: "/nonexistent/blob", offset: 0, length: 10)),
                receiver: MemoryReceiver(limit: 1024))
        }
        #expect(missing?.reason.contains("/nonexistent/blob") == true)
    }

    @Test("a header value with a line break is refused before anything is sent, without echoing the value")
    func headerInjection() async throws {
        let server = try TestHTTPServer { _ in .init(status: 200) }
        let error = await #expect(throws: HTTPTransportError.self) {
            try await client.send(
                HTTPRequest(
                    method: "GET", url: try url(server, "/v2/"),
                    headers: ["Authorization": "Bearer secret-token\r\nX-Injected: 1"]),
                receiver: MemoryReceiver(limit: 1024))
        }
        #expect(error?.reason.contains("Authorization") == true)
        #expect(error?.reason.contains("secret-token") == false)
        #expect(server.requests.isEmpty)
    }

    @Test("what the receiver throws ends the transfer and is what send throws")
    func receiverError() async throws {
        let server = try TestHTTPServer { _ in .init(status: 200, body: Array(repeating: 9, count: 100_000)) }
        let small = MemoryReceiver(limit: 10)
        await #expect(throws: MemoryReceiver.BodyTooLarge.self) {
            try await client.send(HTTPRequest(method: "GET", url: try url(server, "/big")), receiver: small)
        }
    }

    @Test("cancelling the task stops a transfer that is waiting for the server")
    func cancellation() async throws {
        // The server would answer after 30 s; a cancelled transfer must end long before. The bound is loose because
        // a full parallel test run on two cores can delay this test's own tasks by seconds.
        let server = try TestHTTPServer { _ in
            Thread.sleep(forTimeInterval: 30)
            return .init(status: 200)
        }
        let target = try url(server, "/slow")
        let task = Task { [client] in
            try await client.send(HTTPRequest(method: "GET", url: target), receiver: MemoryReceiver(limit: 1024))
        }
        try await Task.sleep(for: .milliseconds(200))
        let cancelled = ContinuousClock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - cancelled < .seconds(15))
    }
}
