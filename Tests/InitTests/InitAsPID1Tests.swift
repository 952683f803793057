import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The real binary as PID 1 of a new PID namespace, checked from outside.
@Suite("shipshape-init as PID 1", .asPID1)
struct InitAsPID1Tests {
    @Test(
        "exits with the child's exit code, or 128+n when signal n killed it",
        arguments: [
            (["exit", "0"], 0), (["exit", "3"], 3), (["exit", "255"], 255), (["segv"], 139), (["raise", "9"], 137),
            (["raise", "15"], 143), (["raise", "10"], 138),
        ] as [([String], Int32)])
    func exitCodes(probe: [String], code: Int32) throws {
        let fixture = try InitFixture.get()
        let run = try Spawned(
            ["unshare", "--pid", "--fork", "--mount-proc", fixture.initPath, "--", fixture.probePath] + probe)
        #expect(try run.wait() == .exited(code), "stderr: \(run.stderrText)")
    }

    @Test("SIGTERM and SIGINT reach a child that handles them", arguments: [Int32(15), 2])
    func forwardsToHandler(signal: Int32) throws {
        let run = try InitFixture.get().asPID1([], "trap")
        #expect(try run.readLine() == "ready")
        kill(try run.firstChild(), signal)
        #expect(try run.wait() == .exited(100 + signal))
    }

    @Test("docker stop: a child without a SIGTERM handler dies of it and the init exits 143")
    func dockerStop() throws {
        let run = try InitFixture.get().asPID1([], "sleep", "60000")
        #expect(try run.readLine() == "ready")
        let start = ContinuousClock.now
        kill(try run.firstChild(), SIGTERM)
        #expect(try run.wait() == .exited(143))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("every catchable signal 1-31 and every real-time signal is forwarded; SIGCHLD is not")
    func everySignal() throws {
        let run = try InitFixture.get().asPID1([], "catch")
        #expect(try run.readLine() == "ready")
        let initPID = try run.firstChild()
        // 32-34 are the real-time signals libcs keep for themselves: the probe (musl) cannot handle them.
        let signals = Array(Int32(1)...31).filter { ![SIGKILL, SIGSTOP, SIGCHLD].contains($0) } + Array(35...64)
        for signal in signals {
            kill(initPID, signal)
            #expect(try run.readLine() == "\(signal)", "signal \(signal)")
        }
        kill(initPID, SIGCHLD)
        kill(initPID, SIGUSR1)
        #expect(try run.readLine() == "\(SIGUSR1)", "SIGCHLD must not be forwarded")
        kill(initPID, SIGKILL)
        try run.wait()
    }

    @Test(
        "double-forked orphans are all reaped, a burst of 200 at once included",
        arguments: [("10", "20"), ("200", "0")])
    func orphans(count: String, staggerMilliseconds: String) throws {
        let run = try InitFixture.get().asPID1([], "orphans", count, staggerMilliseconds)
        #expect(try run.wait(timeout: .seconds(30)) == .exited(0), "stderr: \(run.stderrText)")
        #expect(run.stdoutText == "orphans=\(count) zombies=0 others=0\n")
    }

    @Test("SIGKILL of the init removes every process of the namespace")
    func killRemovesNamespace() throws {
        let run = try InitFixture.get().asPID1([], "sleepers", "5")
        #expect(try run.readLine() == "ready")
        let initPID = try run.firstChild()
        let members = Spawned.tree(of: initPID)
        #expect(members.count == 7)  // the init, the probe, its 5 sleepers
        kill(initPID, SIGKILL)
        try run.wait()
        for member in members {
            #expect(kill(member, 0) == -1 && errno == ESRCH, "process \(member) survived")
        }
    }

    @Test(
        "-e maps the listed exit codes to 0",
        arguments: [
            (["-e", "3"], ["exit", "3"], 0), (["-e3", "-e", "4"], ["exit", "4"], 0), (["-e", "3"], ["exit", "4"], 4),
            (["-e", "139"], ["segv"], 0),
        ] as [([String], [String], Int32)])
    func expectedCodes(options: [String], probe: [String], code: Int32) throws {
        let fixture = try InitFixture.get()
        let run = try Spawned(
            ["unshare", "--pid", "--fork", "--mount-proc", fixture.initPath] + options + ["--", fixture.probePath]
                + probe)
        #expect(try run.wait() == .exited(code))
    }

    @Test(
        "-g reaches a grandchild in the child's group; the default mode does not",
        arguments: [
            ([], [:], 2), (["-g"], [:], 1), ([], ["TINI_KILL_PROCESS_GROUP": "1"], 1),
            ([], ["SHIPSHAPE_INIT_KILL_PROCESS_GROUP": ""], 1),
        ] as [([String], [String: String], Int32)])
    func processGroup(options: [String], environment: [String: String], code: Int32) throws {
        let run = try InitFixture.get().asPID1(options, "group", environment: environment)
        #expect(try run.readLine() == "ready")
        kill(try run.firstChild(), SIGTERM)
        #expect(try run.wait() == .exited(code))  // 1: the grandchild got SIGTERM, 2: it did not
    }

    @Test(
        "the child starts with the signal mask and dispositions it would have without an init",
        arguments: [
            ("0", "0"),
            // SIGUSR1 blocked; SIGHUP, SIGPIPE and SIGCHLD ignored by whoever started the init.
            ("200", "11001"),
        ])
    func cleanChild(blocked: String, ignored: String) throws {
        let fixture = try InitFixture.get()
        let direct = try fixture.probeAsPID1(["with", blocked, ignored, fixture.probePath, "mask"])
        let throughInit = try fixture.probeAsPID1([
            "with", blocked, ignored, fixture.initPath, "--", fixture.probePath, "mask",
        ])
        #expect(try direct.wait() == .exited(0))
        #expect(try throughInit.wait() == .exited(0), "stderr: \(throughInit.stderrText)")
        #expect(throughInit.stdoutText == direct.stdoutText)
        #expect(direct.stdoutText.hasPrefix("blocked=\(String(repeating: "0", count: 16 - blocked.count))\(blocked)"))
    }

    @Test("stdin and stdout pass through to the child")
    func standardStreams() throws {
        let run = try InitFixture.get().asPID1([], "cat", stdin: true)
        let text = (0..<200).map { "line \($0): the quick brown fox\n" }.joined()
        try run.send(Array(text.utf8))
        #expect(try run.wait() == .exited(0))
        #expect(run.stdoutText == text)
    }
}
