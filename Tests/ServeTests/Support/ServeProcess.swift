import Foundation
import Synchronization
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `shipshape-serve` (the binary beside the `shipshape` the tests run), on a free port it prints at start.
final class ServeProcess: @unchecked Sendable {
    // @unchecked: the process and the log file are set once; `output` is read from the file.
    static var binary: URL { TestFiles.shipshape.deletingLastPathComponent().appendingPathComponent("shipshape-serve") }
    static var built: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    let process: Process
    let logPath: String
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private init(process: Process, logPath: String, port: Int) {
        self.process = process
        self.logPath = logPath
        self.port = port
    }

    /// Starts the service and waits for its "listening on" line; `listens: false` (a worker-only process) waits
    /// until it has opened the store instead.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], logPath: String, listens: Bool = true
    ) async throws -> ServeProcess {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if !listens, text.contains("shipshape-serve started") {
                return ServeProcess(process: process, logPath: logPath, port: 0)
            }
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return ServeProcess(process: process, logPath: logPath, port: port) }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        throw TestFailure(
            "shipshape-serve did not start: \(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(3000))"
        )
    }

    /// SIGTERM, and the exit status once it drained.
    func terminate() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Plain HTTP calls to the service, with the API token.
struct ServeClient: Sendable {
    let base: String
    let token: String?

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, body: Data)
    {
        guard let url = URL(string: base + path) else { throw TestFailure("bad URL \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    func json(_ path: String) async throws -> Any {
        let (status, data) = try await request("GET", path)
        guard status == 200 else {
            throw TestFailure("GET \(path): \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONSerialization.jsonObject(with: data)
    }

    /// Polls `path` until `done` says yes (at most `seconds`).
    func waitFor(_ path: String, seconds: Double = 90, _ done: (Any) -> Bool) async throws -> Any {
        let deadline = Date().addingTimeInterval(seconds)
        var last: Any = []
        while Date() < deadline {
            last = try await json(path)
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("\(path) did not get there in \(seconds) s; last: \(last)")
    }
}
