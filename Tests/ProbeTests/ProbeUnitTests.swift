import Foundation
import TestSupport
import Testing

@testable import Probe

@Suite("probe: parts")
struct ProbeUnitTests {
    @Test(
        "stop signals as Docker spells them",
        arguments: [
            ("SIGTERM", 15), ("TERM", 15), ("15", 15), ("sigquit", 3), ("SIGRTMIN+3", 37), ("RTMAX-1", 63),
            ("SIGKILL", 9), ("SIGWINCH", 28),
        ] as [(String, Int32)])
    func stopSignals(text: String, number: Int32) {
        #expect(StopSignal.number(text) == number)
    }

    @Test("stop signals that name nothing", arguments: ["", "SIGNOPE", "0", "65", "RTMIN+40", "SIG"])
    func badStopSignals(text: String) {
        #expect(StopSignal.number(text) == nil)
    }

    @Test("wait statuses: exit codes and signals")
    func exitStatus() {
        #expect(ExitStatus(waitStatus: 0) == .exited(0))
        #expect(ExitStatus(waitStatus: 3 << 8) == .exited(3))
        #expect(ExitStatus(waitStatus: 9) == .signaled(9))
        #expect(ExitStatus(waitStatus: 9).code == 137)
        #expect(ExitStatus(waitStatus: 15).description == "killed by SIGTERM")
    }

    @Test(
        "addresses of /proc/net",
        arguments: [
            ("0100007F", "127.0.0.1"), ("00000000", "0.0.0.0"), ("00000000000000000000000000000000", "::"),
            ("00000000000000000000000001000000", "::1"),
        ])
    func addresses(hex: String, text: String) {
        #expect(ProcessTable.address(hex) == text)
    }

    @Test("paths resolve inside the root: .., absolute links and linked parents stay in it")
    func resolution() throws {
        let temporary = try TestFiles.temporaryDirectory("probe-unit")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let root = try ProbeRoot(temporaryDirectory: temporary)
        defer { root.remove() }
        let base = root.rootPath
        try FileManager.default.createDirectory(atPath: base + "/usr/lib", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: base + "/lib", withDestinationPath: "/usr/lib")
        try FileManager.default.createSymbolicLink(atPath: base + "/up", withDestinationPath: "../../../../etc")
        try FileManager.default.createSymbolicLink(atPath: base + "/loop", withDestinationPath: "loop")
        #expect(try root.resolve("lib/x.so", followLast: true) == ["usr", "lib", "x.so"])
        #expect(try root.resolve("up/passwd", followLast: true) == ["etc", "passwd"])
        #expect(try root.resolve("../../etc/shadow", followLast: true) == ["etc", "shadow"])
        #expect(try root.resolve("lib", followLast: false) == ["lib"])
        #expect(throws: Errno.loop) { try root.resolve("loop/x", followLast: true) }
        // makeDirectories creates the missing parents inside the root, never on the host.
        #expect(try root.makeDirectories("up/made/here") == "etc/made/here")
        #expect(FileManager.default.fileExists(atPath: base + "/etc/made/here"))
        root.remove()
        #expect((try FileManager.default.contentsOfDirectory(atPath: temporary)).isEmpty)
    }

    @Test("a User of name, uid, uid:gid and name:group is found in the image's passwd and group")
    func users() throws {
        let temporary = try TestFiles.temporaryDirectory("probe-unit")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let root = try ProbeRoot(temporaryDirectory: temporary)
        defer { root.remove() }
        try FileManager.default.createDirectory(atPath: root.rootPath + "/etc", withIntermediateDirectories: true)
        try "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n".write(
            toFile: root.rootPath + "/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\nstaff:x:50:\n".write(toFile: root.rootPath + "/etc/group", atomically: true, encoding: .utf8)
        #expect(try ImageUser("app", root: root) == ImageUser(uid: 1000, gid: 1001, home: "/home/app"))
        #expect(try ImageUser("1000:50", root: root) == ImageUser(uid: 1000, gid: 50, home: "/home/app"))
        #expect(try ImageUser("app:staff", root: root) == ImageUser(uid: 1000, gid: 50, home: "/home/app"))
        #expect(try ImageUser("4242", root: root) == ImageUser(uid: 4242, gid: 0, home: "/"))
        #expect(try ImageUser(nil, root: root) == ImageUser(uid: 0, gid: 0, home: "/root"))
        #expect(throws: ProbeError.unknownUser("nobody")) { try ImageUser("nobody", root: root) }
        #expect(throws: ProbeError.unknownUser("app:wheel")) { try ImageUser("app:wheel", root: root) }
    }
}
