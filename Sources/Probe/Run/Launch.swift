import CProbe

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the namespace child is told to run: everything resolved in Swift before the clone.
struct LaunchSpec: Sendable {
    var root: String
    var argv: [String]
    var environment: [String]
    var path: String?
    var workingDirectory: String
    var hostname = "probe"
    var uid: UInt32
    var gid: UInt32
    var userNamespace: Bool
    var limits: ProbeLimits
}

/// setrlimit values for the probed program (cgroup v1 hosts, and always as a backstop).
public struct ProbeLimits: Sendable, Hashable {
    public var openFiles: UInt64 = 4096
    public var processes: UInt64 = 1024
    /// Address space in bytes (0: none; an address-space limit breaks runtimes that reserve large mappings).
    public var addressSpace: UInt64 = 0
    public var cpuSeconds: UInt64 = 0

    public init() {}
}

/// A started namespace child: its host PID and the two pipes of the handshake.
struct LaunchedChild {
    var pid: Int32
    var goDescriptor: Int32
    var reportDescriptor: Int32
}

/// Why the program did not start: the child's step and its errno.
public struct StartFailure: Sendable, Hashable {
    /// "executing the command", "mounting /proc", …
    public var stage: String
    public var errno: Errno
    /// Whether execve itself failed (the program's fault), not the probe's setup.
    public var atExec: Bool
    /// What the root shows about it ("its loader '/lib64/ld-linux-x86-64.so.2' is not in the image").
    public var detail: String?
}

enum Launcher {
    /// Clones the namespace child with `spec` (it waits for `release` before doing anything).
    static func spawn(_ spec: LaunchSpec, output: Int32) throws(ProbeError) -> LaunchedChild {
        let strings = CStrings()
        defer { strings.free() }
        let argv = strings.array(spec.argv)
        let envp = strings.array(spec.environment)
        var goDescriptor: Int32 = -1
        var reportDescriptor: Int32 = -1
        var c = shipshape_probe_spec()
        c.root = UnsafePointer(strings.string(spec.root))
        c.argv = UnsafePointer(argv)
        c.envp = UnsafePointer(envp)
        c.path = spec.path.map { UnsafePointer(strings.string($0)) }
        c.workdir = UnsafePointer(strings.string(spec.workingDirectory))
        c.hostname = UnsafePointer(strings.string(spec.hostname))
        c.uid = spec.uid
        c.gid = spec.gid
        c.user_namespace = spec.userNamespace ? 1 : 0
        c.output_fd = output
        c.limit_nofile = spec.limits.openFiles
        c.limit_nproc = spec.limits.processes
        c.limit_as = spec.limits.addressSpace
        c.limit_cpu = spec.limits.cpuSeconds
        let pid = shipshape_probe_spawn(&c, &goDescriptor, &reportDescriptor)
        guard pid > 0 else { throw .namespaces(Errno(-pid)) }
        return LaunchedChild(pid: pid, goDescriptor: goDescriptor, reportDescriptor: reportDescriptor)
    }

    /// Maps the image's user and group in the child's new user namespace to this user and group (the probe is
    /// not root): inside, the program runs as the image's uid and gid, outside it is the caller. One id each is
    /// all an unprivileged process may map (without newuidmap), so setgroups is denied first, as the kernel
    /// requires for an unprivileged gid_map, and the child keeps no supplementary groups. The child still holds
    /// the namespace's capabilities for its mounts and pivot_root; a uid other than 0 loses them at execve, as a
    /// non-root user in a container does.
    static func mapUser(_ pid: Int32, uid: UInt32, gid: UInt32) throws(ProbeError) {
        do {
            try ProbeSystem.writeFile("/proc/\(pid)/setgroups", "deny")
            try ProbeSystem.writeFile("/proc/\(pid)/uid_map", "\(uid) \(ProbeSystem.effectiveUID) 1\n")
            try ProbeSystem.writeFile("/proc/\(pid)/gid_map", "\(gid) \(ProbeSystem.effectiveGID) 1\n")
        } catch {
            throw .system(what: "cannot map the user namespace of the probe", errno: error)
        }
    }

    /// Lets the child go on, then waits for its exec: nil when the program started, else why it did not.
    static func release(_ child: LaunchedChild) -> StartFailure? {
        _ = try? ProbeSystem.writeAll(child.goDescriptor, [1])
        ProbeSystem.close(child.goDescriptor)
        var failure = shipshape_probe_failure()
        let count = withUnsafeMutableBytes(of: &failure) { raw in
            (try? ProbeSystem.readSome(child.reportDescriptor, into: raw)) ?? 0
        }
        ProbeSystem.close(child.reportDescriptor)
        guard count == MemoryLayout<shipshape_probe_failure>.size else { return nil }
        return StartFailure(
            stage: String(cString: shipshape_probe_stage_name(failure.stage)), errno: Errno(failure.error),
            atExec: failure.stage == shipshape_probe_exec_stage())
    }
}

/// C strings that live until `free()`: the clone copies the address space, so they need only outlive the spawn.
private final class CStrings {
    private var pointers: [UnsafeMutablePointer<CChar>] = []
    private var arrays: [UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>] = []

    func string(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8CString)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        pointers.append(pointer)
        return pointer
    }

    func array(_ texts: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: texts.count + 1)
        for (index, text) in texts.enumerated() { array[index] = string(text) }
        array[texts.count] = nil
        arrays.append(array)
        return array
    }

    func free() {
        for pointer in pointers { pointer.deallocate() }
        for array in arrays { array.deallocate() }
    }
}
