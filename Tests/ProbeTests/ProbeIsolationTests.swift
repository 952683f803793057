import Foundation
import TestSupport
import Testing

/// The probe run by a user that is not root (a user namespace maps the image's User to it) and under a cgroup v2
/// hierarchy mounted on /sys/fs/cgroup in a private mount namespace (this development host is cgroup v1, with the
/// unified hierarchy only at /sys/fs/cgroup/unified and without controllers). The program in the image prints
/// its ids, capabilities and cgroup; the figures are checked against that.
@Suite(
    "shipshape probe: user namespace and cgroup v2", .serialized,
    .enabled(
        if: Requirement.met(ProbeSupport.canProbe && TestProcess.exists("setpriv") && TestProcess.exists("unshare")),
        "needs root (to become another user and mount), setpriv, unshare, musl-gcc and the built shipshape"))
final class ProbeIsolationTests {
    let directory: String
    let temporary: String
    /// The user the non-root probe runs as (nobody).
    static let nobody = "65534"

    init() throws {
        directory = try TestFiles.temporaryDirectory("probe-isolation")
        // The non-root probe reads the image and writes its root here.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
        temporary = directory + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.setAttributes(
            [.ownerAccountID: 65534, .groupOwnerAccountID: 65534, .posixPermissions: 0o700], ofItemAtPath: temporary)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func image(user: String) throws -> String {
        let binary = try ProbeSupport.compile(ProbePrograms.identity, name: "identity", in: directory)
        let built = try ProbeSupport.build(
            [binary + ":/identity"], entrypoint: ["/identity"], in: directory, extra: ["--user", user])
        _ = try TestProcess.run("chmod", ["-R", "a+rX", String(built.dropFirst("oci:".count))])
        return built
    }

    /// `shipshape probe IMAGE --format json` as uid and gid 65534, without supplementary groups.
    func probeAsNobody(_ image: String) throws -> ProbeSupport.Probed {
        let result = try TestProcess.run(
            "setpriv",
            [
                "--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", TestFiles.shipshape.path, "probe",
                image, "--format", "json", "--timeout", "0.5", "--grace", "5",
            ],
            environment: ["TMPDIR": temporary])
        let object = (try? JSONSerialization.jsonObject(with: result.stdoutData)) as? [String: Any]
        guard let object else {
            throw TestFailure("probe printed no JSON (status \(result.status)): \(result.stdout) \(result.stderr)")
        }
        return ProbeSupport.Probed(status: result.status, json: object, stderr: result.stderr)
    }

    @Test("not root: the image's User 1234:2345 is the program's uid and gid, without capabilities")
    func imageUser() throws {
        let probed = try probeAsNobody(try image(user: "1234:2345"))
        #expect(probed.status == 0, "\(probed.stderr)")
        #expect(probed.findings.isEmpty)
        let run = try #require(probed.runs.first)
        let output = run["output"] as? [String] ?? []
        #expect(output.first == "uid=1234 gid=2345 euid=1234 egid=2345 capeff=0000000000000000", "\(output)")
        let user = run["user"] as? [String: Any] ?? [:]
        #expect(user["uid"] as? Int == 1234 && user["gid"] as? Int == 2345 && user["userNamespace"] as? Bool == true)
        // The figures are the same as when root probes: a handler, stopped at once, one process.
        #expect(run["killed"] as? Bool == false)
        #expect(run["exitCode"] as? Int == 0)
        #expect((run["stopSeconds"] as? Double ?? 9) < 0.5)
        #expect(run["maximumProcesses"] as? Int == 1)
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("not root: an image running as root is uid 0 inside, with Docker's default capabilities only")
    func imageRoot() throws {
        let probed = try probeAsNobody(try image(user: "0:0"))
        #expect(probed.status == 0, "\(probed.stderr)")
        let run = try #require(probed.runs.first)
        // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT
        // AUDIT_WRITE SETFCAP: Docker's set without MKNOD.
        #expect((run["output"] as? [String])?.first == "uid=0 gid=0 euid=0 egid=0 capeff=00000000a00425fb")
        #expect(ProbeSupport.leftovers(temporary).isEmpty)
    }

    @Test("root: the image's User is switched to without a user namespace")
    func rootProbe() throws {
        try FileManager.default.createDirectory(atPath: directory + "/root-tmp", withIntermediateDirectories: true)
        let probed = try ProbeSupport.probe(
            try image(user: "1234:2345"), ["--timeout", "0.5", "--grace", "5"], temporary: directory + "/root-tmp")
        let run = try #require(probed.runs.first)
        #expect(
            (run["output"] as? [String])?.first == "uid=1234 gid=2345 euid=1234 egid=2345 capeff=0000000000000000")
        let user = run["user"] as? [String: Any] ?? [:]
        #expect(user["userNamespace"] as? Bool == false)
    }

    @Test("cgroup v2 (mounted privately): the container runs in a group of its own, removed afterwards")
    func cgroupV2() throws {
        try #require(
            (try String(contentsOfFile: "/proc/filesystems", encoding: .utf8)).contains("\tcgroup2\n"),
            "the kernel has cgroup2")
        let built = try image(user: "1234:2345")
        let output = directory + "/cgroup.json"
        // In a mount namespace of its own, the unified hierarchy is mounted where the probe looks for it; the host's
        // /sys/fs/cgroup is untouched. The script prints the controllers the hierarchy offers, then how many probe
        // groups are left after the probe.
        let script = """
            set -e
            mount --make-rprivate /
            mount -t cgroup2 cgroup2 /sys/fs/cgroup
            echo "controllers: $(cat /sys/fs/cgroup/cgroup.controllers)"
            TMPDIR="$3" "$0" probe "$1" --format json --timeout 0.5 --grace 5 >"$2" || echo "status $?"
            echo "left: $(ls /sys/fs/cgroup | grep -c '^shipshape-probe-' || true)"
            """
        try FileManager.default.createDirectory(atPath: directory + "/cg-tmp", withIntermediateDirectories: true)
        let result = try TestProcess.run(
            "unshare", ["-m", "sh", "-c", script, TestFiles.shipshape.path, built, output, directory + "/cg-tmp"])
        #expect(result.succeeded, "\(result.stdout) \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "left: 0", "\(lines)")
        let controllers = Set(
            (lines.first { $0.hasPrefix("controllers:") } ?? "").dropFirst(12).split(separator: " ").map(String.init))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
        let probe = (json as? [String: Any])?["probe"] as? [String: Any]
        let run = try #require((probe?["runs"] as? [[String: Any]])?.first)
        #expect(run["limits"] as? String == "cgroup v2 and setrlimit")
        let cgroup = run["cgroup"] as? [String: Any] ?? [:]
        let path = try #require(cgroup["path"] as? String)
        #expect(path.hasPrefix("/sys/fs/cgroup/shipshape-probe-"))
        // The program itself saw it was in that group.
        let printed = run["output"] as? [String] ?? []
        #expect(printed.contains("cgroup 0::/" + path.dropFirst("/sys/fs/cgroup/".count)), "\(printed)")
        // memory.max and pids.max exactly where the hierarchy offers the controller (on a cgroup v1 host memory and
        // pids are bound to their v1 hierarchies, so neither is offered).
        var expected: [String] = []
        if controllers.contains("memory") { expected.append("memory.max") }
        if controllers.contains("pids") { expected.append("pids.max") }
        #expect(cgroup["limits"] as? [String] == expected)
        #expect(run["exitCode"] as? Int == 0)
        #expect(ProbeSupport.leftovers(directory + "/cg-tmp").isEmpty)
    }
}
