import Foundation
import Registry
import TestSupport
import Testing

@testable import Vulnerabilities

/// A local HTTP server (Python's http.server) standing in for the OSV bucket: every file under `root` at its path
/// (`/<ecosystem>/all.zip`, `/<ecosystem>/modified_id.csv`, `/<ecosystem>/<id>.json`) with the bucket's
/// `x-goog-hash: md5=…` header; `/Bad/…` serves PyPI's files with a wrong MD5; anything else is 404. Each request's
/// path is appended to `root/requests.log`.
final class BucketServer: Sendable {
    let process: HelperProcess
    let port: Int

    init(root: String) async throws {
        let script = #"""
            import base64, hashlib, http.server, os, sys, urllib.parse
            root = sys.argv[1]
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    with open(os.path.join(root, 'requests.log'), 'a') as log: log.write(self.path + '\n')
                    parts = urllib.parse.unquote(self.path).strip('/').split('/')
                    eco = parts[0]
                    f = os.path.join(root, 'PyPI' if eco == 'Bad' else eco, *(parts[1:] or ['all.zip']))
                    if '..' in parts or not os.path.isfile(f):
                        self.send_response(404); self.end_headers(); return
                    data = open(f, 'rb').read()
                    md5 = hashlib.md5(data if eco != 'Bad' else b'other').digest()
                    self.send_response(200)
                    self.send_header('Content-Length', str(len(data)))
                    self.send_header('x-goog-hash', 'crc32c=AAAAAA==, md5=' + base64.b64encode(md5).decode())
                    self.end_headers(); self.wfile.write(data)
                def log_message(self, *a): pass
            s = http.server.HTTPServer(('127.0.0.1', 0), H)
            print(s.server_port, flush=True)
            s.serve_forever()
            """#
        // A HelperProcess: no inherited signal mask (a libdispatch thread blocks SIGTERM, and a child spawned from
        // it inherited that), its port read from its log within 30 s, SIGKILLed by stop() and at exit.
        process = try HelperProcess(
            "/usr/bin/python3", ["-c", script, root],
            logPath: NSTemporaryDirectory() + "/bucket-server-\(UUID().uuidString).log")
        var port: Int?
        let deadline = Date().addingTimeInterval(30)
        while port == nil, Date() < deadline, process.isRunning {
            let log = process.log
            if log.contains("\n") { port = Int(log.prefix { $0 != "\n" }) }
            if port == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        guard let port else {
            let log = process.log
            process.kill()
            throw TestFailure("the bucket server did not start: \(log.suffix(2000))")
        }
        self.port = port
    }

    func stop() {
        process.kill()
        try? FileManager.default.removeItem(atPath: process.logPath)
    }
}

@Suite("db update against a local bucket, through libcurl", .timeLimit(.minutes(2)))
struct DatabaseUpdateTests {
    @Test("downloads each ecosystem's all.zip, checks its MD5, and leaves the database alone when a download fails")
    func update() async throws {
        let root = try TestFiles.scratchDirectory("osv-bucket")
        try FileManager.default.createDirectory(atPath: root + "/PyPI", withIntermediateDirectories: true)
        _ = try Fixtures.zip(
            "z.writestr('PYSEC-2099-7.json', '''\(DatabaseTests.record)''')", in: root + "/PyPI")
        let server = try await BucketServer(root: root)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let updater = DatabaseUpdater(client: CurlHTTPClient(parallelism: 1, timeout: 30), baseURL: base)
        #expect(updater.url(ecosystem: "Rocky Linux") == base + "/Rocky%20Linux/all.zip")
        let path = try TestFiles.scratchDirectory("osv-db") + "/osv.db"
        let summary = try await updater.update(ecosystems: ["PyPI"], database: path)
        #expect(summary.advisories == 1)
        #expect(try VulnerabilityDatabase(path: path).sources.map(\.name) == [base + "/PyPI/all.zip"])
        #expect(DatabaseUpdater.ecosystems(named: [], database: path, baseURL: base) == ["PyPI"])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for (ecosystem, reason) in [("Bad", "MD5"), ("Nothing", "HTTP 404")] {
            await #expect {
                try await updater.update(ecosystems: ["PyPI", ecosystem], database: path)
            } throws: { error in
                "\(error)".contains(reason) && "\(error)".contains("left as it was")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: (path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["osv.db"])
    }
}
