import InitCore
import Testing

@Suite("shipshape-init signals and exit codes")
struct InitSignalTests {
    @Test("every catchable signal is forwarded; SIGCHLD reaps; KILL and STOP are never seen")
    func classification() {
        for signal in Int32(1)...64 {
            switch signal {
            case 9, 19: #expect(InitSignal.action(for: signal) == .none)
            case 17: #expect(InitSignal.action(for: signal) == .reap)
            default: #expect(InitSignal.action(for: signal) == .forward, "signal \(signal)")
            }
        }
        #expect(InitSignal.action(for: 0) == .none)
        #expect(InitSignal.action(for: 65) == .none)
        #expect(InitSignal.bit(1) == 1)
        #expect(InitSignal.bit(64) == 1 << 63)
        #expect(InitSignal.bit(0) == 0)
    }

    @Test(
        "signal names and numbers",
        arguments: [
            ("SIGTERM", 15), ("TERM", 15), ("sigterm", 15), ("Kill", 9), ("SIGUSR1", 10), ("IOT", 6), ("SYS", 31),
            ("1", 1), ("64", 64), ("SIGRTMIN", nil), ("0", nil), ("65", nil), ("", nil), ("SIG", nil), ("-15", nil),
        ] as [(String, Int32?)])
    func names(text: String, number: Int32?) {
        #expect(InitSignal.parse(Array(text.utf8)) == number)
    }

    @Test(
        "wait statuses decode to exit codes: the child's own, or 128+n",
        arguments: [
            (0x0000, ChildStatus.exited(0), 0), (0x0300, .exited(3), 3), (0xff00, .exited(255), 255),
            (0x000b, .signaled(11), 139), (0x008b, .signaled(11), 139),  // 0x80: core dumped
            (0x0009, .signaled(9), 137), (0x000f, .signaled(15), 143), (0x000a, .signaled(10), 138),
        ] as [(Int32, ChildStatus, Int32)])
    func waitStatus(raw: Int32, status: ChildStatus, code: Int32) throws {
        let decoded = try #require(ChildStatus(waitStatus: raw))
        #expect(decoded == status)
        #expect(decoded.exitCode == code)
    }

    @Test("stops and continues are not ends")
    func notEnds() {
        #expect(ChildStatus(waitStatus: 0x137f) == nil)  // stopped by SIGSTOP
        #expect(ChildStatus(waitStatus: 0xffff) == nil)  // continued
    }

    @Test("-e maps listed codes, 128+n included, to 0")
    func remapping() {
        var expected = ExitCodeSet()
        expected.insert(3)
        expected.insert(143)
        expected.insert(300)  // ignored: not an exit code
        #expect(ChildStatus.exited(3).exitCode(remapping: expected) == 0)
        #expect(ChildStatus.exited(4).exitCode(remapping: expected) == 4)
        #expect(ChildStatus.signaled(15).exitCode(remapping: expected) == 0)
        #expect(ChildStatus.signaled(9).exitCode(remapping: expected) == 137)
        #expect(!expected.contains(300) && !expected.contains(-1))
    }

    @Test("exec failures: 127 not found, 126 not executable")
    func execFailures() {
        #expect(ExecFailure.exitCode(errno: 2) == 127)  // ENOENT
        #expect(ExecFailure.exitCode(errno: 20) == 127)  // ENOTDIR
        #expect(ExecFailure.exitCode(errno: 13) == 126)  // EACCES
        #expect(ExecFailure.exitCode(errno: 8) == 126)  // ENOEXEC
    }
}
