import Foundation
import TestSupport
import Testing

/// Issue 18 row 12: a command stopped by SIGTERM or SIGINT in the middle of a pull leaves no temporary directory
/// behind, and still dies of the signal (its exit status says what stopped it).
@Suite(
    "Temporary directories when stopped",
    .enabled(if: Requirement.met(TestFiles.shipshapeBuilt), "needs the built shipshape"),
    .enabled(if: Requirement.met(TestProcess.exists("python3")), "needs python3 (a dripping registry)"))
struct SignalCleanupTests {
    /// A registry on loopback that answers /v2/ and then sends a manifest one byte a second.
    static let server = """
        import socket, sys, time, threading
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0))
        s.listen(8); print(s.getsockname()[1], flush=True)
        def serve(c):
            try:
                request = c.recv(65536).decode("latin-1")
                if request.startswith("GET /v2/ "):
                    c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n")
                else:
                    c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 1000\\r\\n\\r\\n")
                    for _ in range(1000): c.sendall(b" "); time.sleep(1)
            except OSError: pass
            c.close()
        while True:
            c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
        """

    @Test("SIGTERM and SIGINT during a pull remove the download directory", arguments: [SIGTERM, SIGINT])
    func stopped(signal: Int32) throws {
        let temporary = try TestFiles.temporaryDirectory("signal-cleanup")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let registry = Process()
        registry.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        registry.arguments = ["python3", "-c", Self.server]
        let portPipe = Pipe()
        registry.standardOutput = portPipe
        try registry.run()
        // SIGKILL: a process started from a test's worker thread may have SIGTERM blocked.
        defer { kill(registry.processIdentifier, SIGKILL) }
        let portLine = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(Int(portLine.trimmingCharacters(in: .whitespacesAndNewlines)), "\(portLine)")

        let inspect = Process()
        inspect.executableURL = TestFiles.shipshape
        inspect.arguments = ["inspect", "--plain-http", "127.0.0.1:\(port)/app:1"]
        inspect.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { $1 }
        inspect.standardOutput = FileHandle.nullDevice
        inspect.standardError = FileHandle.nullDevice
        try inspect.run()
        // Wait until the download directory exists, then stop the command.
        let deadline = Date().addingTimeInterval(30)
        while (try FileManager.default.contentsOfDirectory(atPath: temporary)).isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try !FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty, "no directory was made")
        Thread.sleep(forTimeInterval: 0.3)
        // Started from a worker thread, shipshape may have inherited a mask that blocks the signal: it unblocks
        // it itself. If it did not, this would wait forever; the deadline turns that into a failure.
        kill(inspect.processIdentifier, signal)
        let stop = Date().addingTimeInterval(20)
        while inspect.isRunning, Date() < stop { Thread.sleep(forTimeInterval: 0.05) }
        if inspect.isRunning { kill(inspect.processIdentifier, SIGKILL) }
        inspect.waitUntilExit()
        #expect(inspect.terminationReason == .uncaughtSignal && inspect.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
    }
}
