import Foundation
import Registry
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A running `shipshape-serve` (`TestFiles.shipshapeServe`: the release build when there is one), on the port it
/// prints at start. Started as a `HelperProcess` (no inherited pipes or signal mask), stopped with SIGTERM and a
/// deadline or with SIGKILL.
final class ServeProcess: Sendable {
    static var binary: URL { TestFiles.shipshapeServe }
    static var built: Bool { TestFiles.shipshapeServeBuilt }

    let child: HelperProcess
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }
    var log: String { child.log }
    var logPath: String { child.logPath }

    private init(child: HelperProcess, port: Int) {
        self.child = child
        self.port = port
    }

    /// Starts the service and waits (at most 60 s) for its "listening on" line; `listens: false` (a worker-only
    /// process) waits until it has opened the store instead. Only what this start writes to `logPath` counts.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], logPath: String, listens: Bool = true
    ) async throws -> ServeProcess {
        let offset = (try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
        let child = try HelperProcess(binary.path, arguments, environment: environment, logPath: logPath)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = String(decoding: Array(child.log.utf8.dropFirst(offset)), as: UTF8.self)
            if !listens, text.contains("shipshape-serve started") { return ServeProcess(child: child, port: 0) }
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return ServeProcess(child: child, port: port) }
            }
            guard child.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.kill()
        throw TestFailure("shipshape-serve did not start: \(child.log.suffix(3000))")
    }

    /// SIGTERM, and the exit status once it drained (at most `seconds`); nil when it did not stop in time (it is
    /// killed then).
    func terminate(seconds: Double = 30) async -> Int32? {
        child.signal(SIGTERM)
        if let status = await child.exit(within: seconds) { return status }
        child.kill()
        return nil
    }

    func kill() { child.kill() }
}

/// HTTP calls to the service with the API token, through the product's libcurl client: bounded (30 s a request),
/// and unlike Foundation's URLSession on Linux it does not hang on a 401 that carries `WWW-Authenticate: Basic`
/// (swift-corelibs-foundation #5456: the task waits for ever for credentials nobody supplies), which is what the
/// pages answer without a token.
final class ServeClient: Sendable {
    let base: String
    let token: String?
    let http = CurlHTTPClient(parallelism: 8, timeout: 20, documentDeadline: 30)

    init(base: String, token: String?) {
        self.base = base
        self.token = token
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, body: Data)
    {
        guard let url = URL(string: base + path) else { throw TestFailure("bad URL \(path)") }
        var all = headers
        if let token { all["Authorization"] = "Bearer \(token)" }
        if body != nil, all["Content-Type"] == nil { all["Content-Type"] = "application/json" }
        let receiver = MemoryReceiver(limit: 64 << 20)
        let head = try await http.send(
            HTTPRequest(method: method, url: url, headers: all, body: body.map { .bytes(Array($0)) } ?? .none),
            receiver: receiver)
        return (head.status, Data(receiver.bytes))
    }

    func json(_ path: String) async throws -> Any {
        let (status, data) = try await request("GET", path)
        guard status == 200 else {
            throw TestFailure("GET \(path): \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    /// Polls `path` until `done` says yes (at most `seconds`).
    func waitFor(_ path: String, seconds: Double = 60, _ done: (Any) -> Bool) async throws -> Any {
        let deadline = Date().addingTimeInterval(seconds)
        var last: Any = []
        while Date() < deadline {
            last = try await json(path)
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("\(path) did not get there in \(seconds) s; last: \(last)")
    }

    /// The registry's notification as the service takes it: `POST /v1/events` with the shared secret.
    func postEvents(_ envelope: String, secret: String) async throws -> (status: Int, body: [String: Any]) {
        let (status, data) = try await request(
            "POST", "/v1/events", body: Data(envelope.utf8),
            headers: [
                "X-Shipshape-Secret": secret, "Content-Type": "application/vnd.docker.distribution.events.v1+json",
            ])
        return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }
}
