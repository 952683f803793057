import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Start-up: the signal race, running outside a namespace, in an empty root, bad command lines.
@Suite("shipshape-init start-up", .asPID1)
struct InitStartupTests {
    /// Runs the probe's race: 150 namespaces whose init gets SIGTERM right after it starts; the child sleeps
    /// `sleep` ms, so a lost signal costs that long.
    private func race(_ when: String, _ initCommand: [String], sleep: String = "150") throws -> (
        reached: Int, lost: Int
    ) {
        let fixture = try InitFixture.get()
        let run = try Spawned(
            [fixture.probePath, "race", "150", when] + initCommand + ["--", fixture.probePath, "sleep", sleep])
        #expect(try run.wait(timeout: .seconds(90)) == .exited(0), "stderr: \(run.stderrText)")
        // The last line is "reached=R lost=L other=O" (before it, each child's "ready").
        let summary = run.stdoutText.split(separator: "\n").last { $0.hasPrefix("reached=") } ?? ""
        let numbers = summary.split(separator: " ").map { Int($0.split(separator: "=").last ?? "") ?? -1 }
        return numbers.count == 3 ? (numbers[0], numbers[1]) : (-1, -1)
    }

    @Test(
        "a SIGTERM sent once the init has forked always reaches the child (150 times, with and without -g)",
        arguments: [[], ["-g"]])
    func raceAfterFork(options: [String]) throws {
        // The child sleeps a whole second: only a lost signal lets it run that long, however loaded the machine.
        let result = try race("forked", [try InitFixture.get().initPath] + options, sleep: "1000")
        print("shipshape-init \(options.joined()) race after fork: lost \(result.lost) of 150")
        #expect(result.lost == 0)
        #expect(result.reached == 150)
    }

    @Test(
        "a SIGTERM sent right after the init's exec: lost count reported, shipshape-init and tini-static",
        .enabled(
            if: Requirement.met(FileManager.default.isExecutableFile(atPath: "/usr/bin/tini-static")),
            "needs Debian's tini"),
        arguments: ["shipshape-init", "/usr/bin/tini-static"])
    func raceAtExec(initProgram: String) throws {
        let path = initProgram == "shipshape-init" ? try InitFixture.get().initPath : initProgram
        let result = try race("exec", [path], sleep: "80")
        // The kernel drops a signal to a PID 1 whose disposition is still the default, which it is until the
        // init's first instructions run: no init can keep these. Reported, not asserted.
        print("\(initProgram) race at exec: lost \(result.lost) of 150")
        #expect(result.reached + result.lost == 150)
    }

    @Test("not PID 1 and no -s: one warning that suggests -s; the child still runs")
    func notPID1Warning() throws {
        let fixture = try InitFixture.get()
        let run = try Spawned([fixture.initPath, "--", fixture.probePath, "exit", "5"])
        #expect(try run.wait() == .exited(5))
        let warnings = run.stderrText.components(separatedBy: "not running as PID 1").count - 1
        #expect(warnings == 1)
        #expect(run.stderrText.contains("pass -s"))
    }

    @Test("TINI_VERBOSITY=0 silences the warning; -w reports every reaped orphan")
    func verbosity() throws {
        let fixture = try InitFixture.get()
        let quiet = try Spawned(
            [fixture.initPath, "--", fixture.probePath, "exit", "0"], environment: ["TINI_VERBOSITY": "0"])
        #expect(try quiet.wait() == .exited(0))
        #expect(quiet.stderrText == "")

        let warned = try fixture.asPID1(["-w"], "orphans", "3", "0")
        #expect(try warned.wait() == .exited(0))
        #expect(warned.stderrText.components(separatedBy: "warning: reaped zombie process").count - 1 == 3)
    }

    @Test(
        "-s makes the init adopt orphans, without the warning",
        arguments: [(["-s"], [:]), ([], ["TINI_SUBREAPER": ""]), ([], ["SHIPSHAPE_INIT_SUBREAPER": "1"])]
            as [([String], [String: String])])
    func subreaper(options: [String], environment: [String: String]) throws {
        let fixture = try InitFixture.get()
        let run = try Spawned(
            [fixture.initPath] + options + ["--", fixture.probePath, "adopt"], environment: environment)
        #expect(try run.wait() == .exited(0))
        #expect(run.stdoutText == "ppid=\(run.pid)\n")
        #expect(!run.stderrText.contains("not running as PID 1"))
    }

    @Test("-p: the init gets the parent-death signal when its parent exits, and forwards it")
    func parentDeathSignal() throws {
        let fixture = try InitFixture.get()
        // sh starts the init in the background, prints its PID, and exits when its stdin ends: once the probe is
        // ready, so the signal cannot arrive before the probe's handler.
        let shell = try Spawned(
            [
                "sh", "-c", "\"$0\" -s -p SIGUSR1 -- \"$1\" catch </dev/null & echo $!; cat >/dev/null",
                fixture.initPath, fixture.probePath,
            ], stdin: true)
        let lines = [try shell.readLine(), try shell.readLine()]
        try shell.send([])
        let initPID = try #require(lines.compactMap { pid_t($0) }.first)
        let group = Spawned.tree(of: initPID)
        defer { group.reversed().forEach { kill($0, SIGKILL) } }
        #expect(lines.contains("ready"))
        #expect(try shell.wait() == .exited(0))
        #expect(try shell.readLine() == "\(SIGUSR1)")
    }

    @Test("behind a process that registered as a child subreaper and exec'd the init (tini's proxy): no warning")
    func subreaperProxy() throws {
        let fixture = try InitFixture.get()
        // PR_SET_CHILD_SUBREAPER (36) survives execve: the init starts with the flag set although it passed no -s.
        let proxy =
            "import ctypes, os, sys; ctypes.CDLL(None).prctl(36, 1, 0, 0, 0); os.execv(sys.argv[1], sys.argv[1:])"
        let run = try Spawned(["python3", "-c", proxy, fixture.initPath, "--", fixture.probePath, "exit", "4"])
        #expect(try run.wait() == .exited(4))
        #expect(!run.stderrText.contains("subreaper"), "stderr: \(run.stderrText)")
    }

    @Test(
        "the child leads a process group of its own, with and without -g (tini's isolate_child)",
        arguments: [[], ["-g"]])
    func childIsolated(options: [String]) throws {
        let run = try InitFixture.get().asPID1(options, "sleep", "60000")
        #expect(try run.readLine() == "ready")
        let initPID = try run.firstChild()
        let child = try #require(Spawned.children(of: initPID).first)
        // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so count from the last ')'.
        let stat = try String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
        #expect(fields.count > 2 && fields[2] == "\(child)", "stat: \(stat)")
        kill(initPID, SIGTERM)
        #expect(try run.wait() == .exited(143))
    }

    @Test(
        "on a terminal the child's process group is the foreground one, with and without -g",
        .enabled(
            if: Requirement.met(InitEnvironment.onPath("script")), "needs script(1) from bsdutils for a pseudo-terminal"
        ),
        arguments: ["-s", "-s -g"])
    func foregroundGroupAlways(options: String) throws {
        let fixture = try InitFixture.get()
        let run = try Spawned([
            "script", "-q", "-e", "-c", "\(fixture.initPath) \(options) -- \(fixture.probePath) tty", "/dev/null",
        ])
        #expect(try run.wait() == .exited(0), "stderr: \(run.stderrText)")
        #expect(run.stdoutText.contains("foreground"), "output: \(run.stdoutText)")
    }

    @Test("runs in an empty root holding only itself and a static program (no /proc, no loader, no libc)")
    func emptyRoot() throws {
        let fixture = try InitFixture.get()
        let root = "\(fixture.directory)/root-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Spawned.withoutSpawning {
            try FileManager.default.copyItem(atPath: fixture.initPath, toPath: "\(root)/shipshape-init")
            try FileManager.default.copyItem(atPath: fixture.probePath, toPath: "\(root)/probe")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["probe", "shipshape-init"])

        let exits = try Spawned([
            "unshare", "--pid", "--fork", "chroot", root, "/shipshape-init", "--", "/probe", "exit", "3",
        ])
        #expect(try exits.wait() == .exited(3), "stderr: \(exits.stderrText)")

        let stops = try Spawned(["unshare", "--pid", "--fork", "chroot", root, "/shipshape-init", "/probe", "trap"])
        #expect(try stops.readLine() == "ready")
        kill(try stops.firstChild(), SIGTERM)
        #expect(try stops.wait() == .exited(115))
    }

    @Test(
        "127 when PROGRAM is not found, 126 when it cannot be executed, with a message naming it",
        arguments: [("/nonexistent/program", 127), ("no-such-program-anywhere", 127), ("/etc/hostname", 126)]
            as [(String, Int32)])
    func execFailures(program: String, code: Int32) throws {
        let fixture = try InitFixture.get()
        let run = try Spawned(["unshare", "--pid", "--fork", fixture.initPath, "--", program])
        #expect(try run.wait() == .exited(code))
        #expect(run.stderrText.contains("shipshape-init: cannot run '\(program)': "))
    }

    @Test(
        "bad command lines exit 64 with a message; -h and --version exit 0",
        arguments: [
            (["-x", "prog"], 64, "unknown option '-x'"), ([], 64, "no PROGRAM to run"),
            (["-e", "nine", "prog"], 64, "'-e nine'"), (["-p", "SIGFOO", "prog"], 64, "'-p SIGFOO'"),
            (["-h"], 0, ""), (["--version"], 0, ""),
        ] as [([String], Int32, String)])
    func usage(arguments: [String], code: Int32, message: String) throws {
        let run = try Spawned([try InitFixture.get().initPath] + arguments)
        #expect(try run.wait() == .exited(code))
        if code == 0 {
            #expect(run.stdoutText.hasPrefix(arguments == ["-h"] ? "Usage: shipshape-init" : "shipshape-init 0."))
        } else {
            #expect(run.stderrText.contains(message))
        }
    }

    @Test("the binary is static (no program interpreter, no dynamic section) and at most 1 MiB")
    func staticBinary() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try InitFixture.get().initPath))
        #expect(data.count <= 1 << 20)
        let bytes = [UInt8](data)
        try #require(bytes.count > 64 && bytes[0..<4] == [0x7F, 0x45, 0x4C, 0x46] && bytes[4] == 2)  // ELF64
        func integer(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        let tableOffset = integer(0x20, 8)
        let entrySize = integer(0x36, 2)
        let count = integer(0x38, 2)
        let types = (0..<count).map { integer(tableOffset + $0 * entrySize, 4) }
        #expect(!types.isEmpty)
        #expect(!types.contains(3), "PT_INTERP: needs a dynamic loader")
        #expect(!types.contains(2), "PT_DYNAMIC: dynamically linked")
    }
}
