import Foundation
import TestSupport
import Testing

@testable import ImageFormat

/// `shipshape probe` on images built here from small static programs whose behaviour is known; the figures are
/// checked against it. Needs root (namespaces) and musl-gcc; CI has both.
@Suite(
    "shipshape probe", .serialized,
    .enabled(if: Requirement.met(ProbeSupport.canProbe), "needs root, musl-gcc and the built shipshape"))
final class ProbeCLITests {
    let directory: String
    let temporary: String

    init() throws {
        directory = try TestFiles.temporaryDirectory("probe-test")
        temporary = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func image(_ source: String, name: String = "app") throws -> String {
        let binary = try ProbeSupport.compile(source, name: name, in: directory)
        return try ProbeSupport.build([binary + ":/" + name], entrypoint: ["/" + name], in: directory)
    }

    func initOptions() throws -> [String] {
        let path = try #require(ProbeSupport.initBinary, "shipshape-init is built (bash scripts/build-init.sh)")
        return ["--with-init", "--init-binary", path]
    }

    @Test("a SIGTERM handler stops well under a second, exit status 0, no finding")
    func handler() throws {
        let probed = try ProbeSupport.probe(
            try image(ProbePrograms.handler), ["--timeout", "0.5", "--grace", "5"], temporary: temporary)
        #expect(probed.status == 0, "\(probed.stderr)")
        #expect(probed.findings.isEmpty)
        let run = try #require(probed.runs.first)
        #expect(run["killed"] as? Bool == false)
        #expect(run["exitCode"] as? Int == 0)
        #expect(run["stopSignal"] as? String == "SIGTERM")
        let stop = try #require(run["stopSeconds"] as? Double)
        #expect(stop < 0.5)
        #expect((run["startSeconds"] as? Double ?? 9) < 1)
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("no handler: the grace period, then SIGKILL; with shipshape-init in front SIGTERM ends it at once")
    func ignored() throws {
        let probed = try ProbeSupport.probe(
            try image(ProbePrograms.noHandler), ["--timeout", "0.5", "--grace", "1"] + (try initOptions()),
            temporary: temporary)
        #expect(probed.status == 1)
        #expect(probed.rules == ["SS2001"])
        let bare = try #require(probed.runs.first)
        #expect(bare["killed"] as? Bool == true)
        #expect(bare["exitSignal"] as? String == "SIGKILL")
        let stop = try #require(bare["stopSeconds"] as? Double)
        #expect(stop >= 1.0 && stop < 1.5)
        let withInit = try #require(probed.runs.last)
        #expect(withInit["withInit"] as? Bool == true)
        #expect(withInit["killed"] as? Bool == false)
        #expect((withInit["stopSeconds"] as? Double ?? 9) < 0.5)
        #expect(probed.message("SS2001").contains("ignored SIGTERM"))
        let hint = probed.findings.first?["hint"] as? String ?? ""
        #expect(hint.contains("with shipshape-init in front it stopped in"))
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("behind sh -c the shell is PID 1 and does not forward SIGTERM")
    func shell() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/bin/busybox"), "busybox-static is installed")
        let app = try ProbeSupport.compile(ProbePrograms.noHandler, name: "app", in: directory)
        let bin = directory + "/shell/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: bin + "/busybox")
        try FileManager.default.createSymbolicLink(atPath: bin + "/sh", withDestinationPath: "busybox")
        let built = try ProbeSupport.build(
            [directory + "/shell/bin:/bin", app + ":/app"], entrypoint: ["/bin/sh", "-c", "/app; echo done"],
            in: directory)
        let probed = try ProbeSupport.probe(built, ["--timeout", "0.5", "--grace", "1"], temporary: temporary)
        #expect(probed.rules == ["SS2001"])
        #expect(probed.message("SS2001").contains("PID 1 is the shell 'sh', which does not forward SIGTERM to 'app'"))
        let run = try #require(probed.runs.first)
        let names = (run["processes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["sh", "app"])
    }

    @Test("orphans stay zombies under a PID 1 that does not reap them, and none with shipshape-init")
    func orphans() throws {
        let probed = try ProbeSupport.probe(
            try image(ProbePrograms.orphans), ["--timeout", "1.5", "--grace", "2"] + (try initOptions()),
            temporary: temporary)
        #expect(probed.rules == ["SS2002"])
        let bare = try #require(probed.runs.first)
        let zombies = bare["unreapedZombies"] as? [[String: Any]] ?? []
        #expect(zombies.count >= 5)
        #expect(zombies.allSatisfy { $0["parent"] as? Int == 1 })
        #expect(bare["killed"] as? Bool == false)
        let withInit = try #require(probed.runs.last)
        #expect((withInit["unreapedZombies"] as? [Any])?.count == 0)
        #expect(probed.message("SS2002").contains("does not wait for orphans"))
    }

    @Test("a supervisor with two servers: several programs, both ports, their processes")
    func supervisor() throws {
        let server = try ProbeSupport.compile(ProbePrograms.server, name: "server", in: directory)
        let supervisor = try ProbeSupport.compile(ProbePrograms.supervisor, name: "supervisor", in: directory)
        let built = try ProbeSupport.build(
            [supervisor + ":/supervisor", server + ":/web", server + ":/api"], entrypoint: ["/supervisor"],
            in: directory)
        let probed = try ProbeSupport.probe(built, ["--timeout", "1", "--grace", "2"], temporary: temporary)
        #expect(probed.rules == ["SS2003"])
        let run = try #require(probed.runs.first)
        #expect(Set(run["longRunningPrograms"] as? [String] ?? []) == ["supervisor", "web", "api"])
        let sockets = run["sockets"] as? [[String: Any]] ?? []
        #expect(sockets.compactMap { $0["port"] as? Int } == [8080, 8081])
        #expect(
            sockets.allSatisfy { ($0["pids"] as? [Int] ?? []).count == 1 && $0["address"] as? String == "127.0.0.1" })
        #expect(run["killed"] as? Bool == false)
        #expect(run["exitCode"] as? Int == 0)
    }

    @Test("a dynamic binary on scratch does not start: ENOENT, its loader named, inspect's prediction quoted")
    func dynamic() throws {
        let binary = try ProbeSupport.compile(ProbePrograms.handler, name: "app", in: directory, dynamic: true)
        let built = try ProbeSupport.build([binary + ":/app"], entrypoint: ["/app"], in: directory)
        let probed = try ProbeSupport.probe(built, ["--timeout", "0.5"], temporary: temporary)
        #expect(probed.status == 1)
        #expect(probed.rules == ["SS2010"])
        let message = probed.message("SS2010")
        #expect(message.contains("No such file or directory"))
        #expect(message.contains("its loader '/lib64/ld-linux-x86-64.so.2' is not in the image"))
        #expect(message.contains("inspect predicted it: SS1013 loader-missing"))
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("files that try to leave the root land inside it: the host stays untouched, nothing is left behind")
    func escape() throws {
        let outside = directory + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let escaper = try ProbeSupport.compile(ProbePrograms.escaper, name: "escaper", in: directory)
        let program = Array(try Data(contentsOf: URL(fileURLWithPath: escaper)))
        let deep = String(repeating: "../", count: 30) + String(outside.dropFirst())
        let first: [(TarEntry, [UInt8])] = [
            (TarEntry(path: "escape", kind: .symbolicLink, mode: 0o777, linkTarget: outside), []),
            (TarEntry(path: "up", kind: .symbolicLink, mode: 0o777, linkTarget: deep), []),
            (TarEntry(path: "dev", kind: .symbolicLink, mode: 0o777, linkTarget: outside), []),
            (TarEntry(path: "escaper", kind: .regular, size: Int64(program.count), mode: 0o4755), program),
            (TarEntry(path: "null", kind: .characterDevice, mode: 0o666, deviceMajor: 1, deviceMinor: 3), []),
        ]
        let second: [(TarEntry, [UInt8])] = [
            (TarEntry(path: "escape/planted", kind: .regular, size: 2), Array("x\n".utf8)),
            (TarEntry(path: "up/planted-too", kind: .regular, size: 2), Array("y\n".utf8)),
            (TarEntry(path: "link", kind: .hardLink, linkTarget: "escape/planted"), []),
        ]
        let layout = try ProbeSupport.layout([first, second], entrypoint: ["/escaper"], at: directory + "/escape-oci")
        let probed = try ProbeSupport.probe(layout, ["--timeout", "0.3"], temporary: temporary)
        #expect(probed.status == 0, "\(probed.stderr)")
        #expect(ProbeSupport.leftovers(outside).isEmpty)
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
        let run = try #require(probed.runs.first)
        // Inside, the links resolve to the image's own /…/outside, which the layers created: writes succeed there.
        #expect(run["output"] as? [String] == ["escape=1 up=1"])
        let unpack = (probed.json["probe"] as? [String: Any])?["unpack"] as? [String: Any] ?? [:]
        #expect(unpack["devicesSkipped"] as? Int == 1)
        #expect(unpack["setIDBitsDropped"] as? Int == 1)
    }

    @Test("whiteouts hide lower files, opaque directories keep only their own layer's entries")
    func whiteouts() throws {
        let checker = try ProbeSupport.compile(ProbePrograms.exists, name: "exists", in: directory)
        let program = Array(try Data(contentsOf: URL(fileURLWithPath: checker)))
        let file = { (path: String) in (TarEntry(path: path, kind: .regular, size: 1), Array("x".utf8)) }
        let lower: [(TarEntry, [UInt8])] = [
            (TarEntry(path: "exists", kind: .regular, size: Int64(program.count), mode: 0o755), program),
            (TarEntry(path: "etc", kind: .directory, mode: 0o755), []), file("etc/a"), file("etc/b"),
            (TarEntry(path: "opq", kind: .directory, mode: 0o755), []), file("opq/x"),
            (TarEntry(path: "opq/sub", kind: .directory, mode: 0o755), []), file("opq/sub/old"),
        ]
        let upper: [(TarEntry, [UInt8])] = [
            file("opq/sub/new"), file("etc/.wh.a"), file("opq/.wh..wh..opq"), file("opq/y"), file("gone/.wh.z"),
        ]
        let paths = ["/etc/a", "/etc/b", "/opq/x", "/opq/y", "/opq/sub/old", "/opq/sub/new"]
        let layout = try ProbeSupport.layout(
            [lower, upper], entrypoint: ["/exists"] + paths, at: directory + "/whiteout-oci")
        let probed = try ProbeSupport.probe(layout, ["--timeout", "0.3"], temporary: temporary)
        #expect(probed.status == 0, "\(probed.stderr)")
        let run = try #require(probed.runs.first)
        #expect(
            run["output"] as? [String] == [
                "/etc/a=0", "/etc/b=1", "/opq/x=0", "/opq/y=1", "/opq/sub/old=0", "/opq/sub/new=1",
            ])
    }

    @Test("SIGINT during the probe kills the container and removes the root")
    func interrupted() throws {
        let built = try image(ProbePrograms.noHandler)
        let process = Process()
        process.executableURL = TestFiles.shipshape
        process.arguments = ["probe", built, "--timeout", "30"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the root to appear, then for the program to run in it.
        var waited = 0
        while ProbeSupport.leftovers(temporary).isEmpty && waited < 100 {
            usleep(50_000)
            waited += 1
        }
        usleep(500_000)
        #expect(!ProbeSupport.leftovers(temporary).isEmpty)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("as an unprivileged user the probe runs in a user namespace, with the same figures")
    func unprivileged() throws {
        try #require(TestProcess.exists("setpriv"), "setpriv (util-linux) is installed")
        let built = try image(ProbePrograms.handler)
        // Everything the user 65534 needs: the binary, the image and a TMPDIR it may write.
        let shared = directory + "/nobody"
        try FileManager.default.createDirectory(atPath: shared + "/tmp", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TestFiles.shipshape.path, toPath: shared + "/shipshape")
        try FileManager.default.copyItem(atPath: String(built.dropFirst(4)), toPath: shared + "/image")
        _ = try TestProcess.output("/bin/chmod", ["-R", "a+rwX", directory])
        let result = try TestProcess.run(
            "/usr/bin/setpriv",
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", shared + "/shipshape", "probe",
                "oci:" + shared
                    + "/image", "--format", "json", "--timeout", "0.3",
            ], environment: ["TMPDIR": shared + "/tmp"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let run = try #require(((json["probe"] as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        #expect(run["killed"] as? Bool == false)
        #expect(run["exitCode"] as? Int == 0)
        #expect((run["stopSeconds"] as? Double ?? 9) < 0.5)
        #expect(ProbeSupport.leftovers(shared + "/tmp").isEmpty)
    }

    @Test("SARIF carries the probe's rules; text shows the comparison")
    func formats() throws {
        let built = try image(ProbePrograms.noHandler)
        let sarif = try TestProcess.run(
            TestFiles.shipshape.path, ["probe", built, "--format", "sarif", "--timeout", "0.2", "--grace", "0.5"],
            environment: ["TMPDIR": temporary])
        #expect(sarif.status == 1)
        #expect(sarif.stdout.contains("\"SS2001\""))
        #expect(sarif.stdout.contains("\"stop-signal-ignored\""))
        let text = try TestProcess.run(
            TestFiles.shipshape.path,
            ["probe", built, "--timeout", "0.2", "--grace", "0.5"] + (try initOptions()),
            environment: ["TMPDIR": temporary])
        #expect(text.stdout.contains("comparison: stops in"))
        #expect(text.stdout.contains("and a SIGKILL without"))
        #expect(text.stdout.contains("[SS2001 stop-signal-ignored]"))
    }
}
