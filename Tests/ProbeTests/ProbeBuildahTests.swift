import Foundation
import TestSupport
import Testing

/// `shipshape probe` on images another tool built: buildah (`buildah from scratch`, `copy`, `config`, `commit
/// oci-archive:`), from a root of Debian's own static binaries, busybox (busybox-static) and tini (`tini-static`
/// of the tini package), with an /etc/passwd user. The command is busybox's `sh -c` starting five orphans that
/// sleep 0.3 s, then `exec sleep`: `sleep` becomes PID 1, has no SIGTERM handler and never waits, so the orphans
/// stay zombies and only SIGKILL stops it; behind Debian's tini the same command is reaped and stops at once.
@Suite(
    "shipshape probe on a buildah-built image of Debian binaries", .serialized,
    .enabled(
        if: Requirement.met(
            ProbeSupport.canProbe && TestProcess.exists("buildah")
                && FileManager.default.isExecutableFile(atPath: "/bin/busybox")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/tini-static")),
        "needs root, buildah, busybox-static, tini and the built shipshape"))
final class ProbeBuildahTests {
    let directory: String
    let temporary: String
    let storage: [String]

    static let command = "id; for i in 1 2 3 4 5; do (sleep 0.3 &); done; exec sleep 1000"

    init() throws {
        directory = try TestFiles.temporaryDirectory("probe-buildah")
        temporary = directory + "/tmp"
        storage = ["--root", directory + "/storage", "--runroot", directory + "/run", "--storage-driver", "vfs"]
        let root = directory + "/rootfs"
        for sub in ["bin", "usr/bin", "etc", "home/app", "tmp"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        for name in ["sh", "sleep", "id"] {
            try FileManager.default.createSymbolicLink(atPath: root + "/bin/" + name, withDestinationPath: "busybox")
        }
        try FileManager.default.copyItem(atPath: "/usr/bin/tini-static", toPath: root + "/usr/bin/tini")
        try "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n".write(
            toFile: root + "/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\napp:x:1000:\n".write(toFile: root + "/etc/group", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    deinit {
        _ = try? TestProcess.run("buildah", storage + ["rm", "--all"], errors: .discarded)
        try? FileManager.default.removeItem(atPath: directory)
    }

    func buildah(_ arguments: [String]) throws -> String {
        let result = try TestProcess.run("buildah", storage + arguments)
        guard result.succeeded else {
            throw TestFailure("buildah \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The image, committed by buildah to an OCI archive; `entrypoint` in exec form.
    func image(_ name: String, entrypoint: [String]) throws -> String {
        let container = try buildah(["from", "scratch"])
        _ = try buildah(["copy", container, directory + "/rootfs", "/"])
        let entry = String(decoding: try JSONSerialization.data(withJSONObject: entrypoint), as: UTF8.self)
        _ = try buildah(["config", "--entrypoint", entry, "--cmd", "", "--user", "app", container])
        let archive = directory + "/\(name).tar"
        _ = try buildah(["commit", "--quiet", container, "oci-archive:" + archive])
        _ = try buildah(["rm", container])
        return "oci-archive:" + archive
    }

    @Test("sleep as PID 1: five unreaped zombies, the grace period then SIGKILL, run as the image's user 'app'")
    func plain() throws {
        let built = try image("plain", entrypoint: ["/bin/sh", "-c", Self.command])
        let probed = try ProbeSupport.probe(built, ["--timeout", "1.5", "--grace", "1"], temporary: temporary)
        #expect(probed.status == 1, "\(probed.stderr)")
        #expect(probed.rules == ["SS2001", "SS2002"])
        let run = try #require(probed.runs.first)
        #expect(run["output"] as? [String] == ["uid=1000(app) gid=1000(app) groups=1000(app)"])
        let zombies = run["unreapedZombies"] as? [[String: Any]] ?? []
        #expect(zombies.count == 5)
        #expect(zombies.allSatisfy { $0["parent"] as? Int == 1 && $0["name"] as? String == "sleep" })
        #expect(run["maximumZombies"] as? Int == 5)
        // PID 1 and the five sleepers at once (the subshells that start them may be seen too).
        #expect((run["maximumProcesses"] as? Int ?? 0) >= 6)
        #expect(run["longRunningPrograms"] as? [String] == ["sleep"])
        #expect(run["killed"] as? Bool == true)
        #expect(run["exitSignal"] as? String == "SIGKILL")
        let stop = try #require(run["stopSeconds"] as? Double)
        #expect(stop >= 1.0 && stop < 1.5)
        #expect(probed.message("SS2001").contains("PID 1 ('sleep') ignored SIGTERM"))
        #expect(probed.message("SS2002").contains("5 zombie processes ('sleep') stayed unreaped, up to 5 at once"))
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("the same behind Debian's tini: zombies reaped, SIGTERM forwarded, stopped at once, two processes")
    func tini() throws {
        let built = try image("tini", entrypoint: ["/usr/bin/tini", "--", "/bin/sh", "-c", Self.command])
        let probed = try ProbeSupport.probe(built, ["--timeout", "1.5", "--grace", "5"], temporary: temporary)
        #expect(probed.status == 0, "\(probed.stderr) \(probed.rules)")
        #expect(probed.findings.isEmpty)
        let run = try #require(probed.runs.first)
        #expect(run["output"] as? [String] == ["uid=1000(app) gid=1000(app) groups=1000(app)"])
        #expect((run["unreapedZombies"] as? [Any])?.count == 0)
        #expect(run["killed"] as? Bool == false)
        // tini passes the child's end on: 128 + SIGTERM.
        #expect(run["exitCode"] as? Int == 143)
        let stop = try #require(run["stopSeconds"] as? Double)
        #expect(stop < 0.5)
        let processes = run["processes"] as? [[String: Any]] ?? []
        #expect(processes.first?["pid"] as? Int == 1 && processes.first?["name"] as? String == "tini")
        #expect((run["maximumProcesses"] as? Int ?? 0) >= 7)
        #expect(run["longRunningPrograms"] as? [String] == ["sleep"])
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }
}
