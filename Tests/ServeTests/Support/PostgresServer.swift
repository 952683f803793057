import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL 15 (Debian's, /usr/lib/postgresql/15/bin) for the store suite: `initdb` and `pg_ctl` run as
/// the `postgres` user on a private socket directory and a random port, no TCP listener; one server a test process,
/// a new database a test. Stopped when the test process ends (`atexit`) and, if that is skipped, by its own
/// `pg_ctl stop` the next time.
final class PostgresServer: Sendable {
    static let bin = "/usr/lib/postgresql/15/bin"
    static var available: Bool {
        TestProcess.isRoot && FileManager.default.isExecutableFile(atPath: bin + "/initdb")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
    }

    let directory: String
    let port: Int
    private let counter = Mutex(0)

    private init(directory: String, port: Int) {
        self.directory = directory
        self.port = port
    }

    static let shared: Result<PostgresServer, TestFailure> = {
        do { return .success(try start()) } catch let error as TestFailure { return .failure(error) } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    static func start() throws -> PostgresServer {
        let directory = "/tmp/serve-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory + "/socket", withIntermediateDirectories: true)
        try TestProcess.output("/bin/chown", ["-R", "postgres:postgres", directory])
        try TestProcess.output(
            "/usr/sbin/runuser",
            [
                "-u", "postgres", "--", bin + "/initdb", "-D", directory + "/data", "-A", "trust",
                "-U", "postgres", "-E", "UTF8", "--no-sync",
            ])
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            // A HelperProcess, output to a file: the server must hold no pipe of this process (system(3) would pass
            // it every open descriptor, and a test reading a pipe the server holds would wait for ever), must not
            // inherit a test thread's signal mask, and Foundation's Process did not reap pg_ctl once the server ran.
            let pgctl = try HelperProcess(
                "/usr/sbin/runuser",
                [
                    "-u", "postgres", "--", bin + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/log", "-w",
                    "-o",
                    "-k \(directory)/socket -p \(port) -c listen_addresses='' -c fsync=off -c max_connections=200",
                    "start",
                ], logPath: directory + "/pg_ctl.out")
            let status = pgctl.wait(seconds: 60)
            if status == nil { pgctl.kill() }
            if status == 0 {
                let server = PostgresServer(directory: directory, port: port)
                atexit_register(directory)
                return server
            }
            lastError = pgctl.log + ((try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? "")
        }
        throw TestFailure("PostgreSQL did not start: \(lastError.suffix(2000))")
    }

    /// A new, empty database; its URL.
    func database() throws -> String {
        let number = counter.withLock { value in
            value += 1
            return value
        }
        let name = "serve_\(number)"
        try TestProcess.output(
            "/usr/sbin/runuser",
            [
                "-u", "postgres", "--", "/usr/bin/psql", "-h", directory + "/socket", "-p", String(port), "-d",
                "postgres", "-c", "CREATE DATABASE \(name)",
            ])
        return "postgres://postgres@localhost:\(port)/\(name)?host=\(directory)/socket"
    }
}

/// Stops the server when the test process exits.
private nonisolated(unsafe) var serversToStop: [String] = []
private func atexit_register(_ directory: String) {
    serversToStop.append(directory)
    if serversToStop.count == 1 {
        atexit {
            for directory in serversToStop {
                _ = try? TestProcess.run(
                    "/usr/sbin/runuser",
                    [
                        "-u", "postgres", "--", PostgresServer.bin + "/pg_ctl", "-D", directory + "/data", "-m",
                        "immediate", "stop",
                    ])
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }
}
