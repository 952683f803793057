#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A cgroup v2 group of its own for the probed container, where the unified hierarchy is mounted and writable:
/// `memory.max` and `pids.max` bound the whole container (setrlimit only bounds each process). Elsewhere (cgroup
/// v1, no permission) `make` returns nil and the setrlimit values are the only limits.
struct Cgroup {
    let path: String

    /// The limits the group gets.
    static let memoryBytes: UInt64 = 2 << 30
    static let processes = 1024

    static func make(base: String = "/sys/fs/cgroup") -> Cgroup? {
        guard (try? ProbeSystem.status(AT_FDCWD, base + "/cgroup.controllers")) != nil else { return nil }
        let path = base + "/shipshape-probe-\(ProbeSystem.processID)-\(Int(ProbeSystem.now() * 1000) % 1_000_000)"
        guard (try? ProbeSystem.makeDirectory(AT_FDCWD, path, mode: 0o755)) != nil else { return nil }
        let group = Cgroup(path: path)
        // A controller the parent does not delegate has no file here: that limit is left out, the group kept.
        try? ProbeSystem.writeFile(path + "/memory.max", "\(memoryBytes)\n")
        try? ProbeSystem.writeFile(path + "/pids.max", "\(processes)\n")
        return group
    }

    /// Moves `pid` (the child, before it execs) into the group.
    func add(_ pid: Int32) -> Bool {
        (try? ProbeSystem.writeFile(path + "/cgroup.procs", "\(pid)\n")) != nil
    }

    /// Removes the group (empty once the container's processes are gone).
    func remove() {
        for _ in 0..<100 {
            do {
                try ProbeSystem.removeDirectory(path)
                return
            } catch let error where error == .notFound {
                return
            } catch {}
            ProbeSystem.sleep(seconds: 0.01)
        }
    }
}
