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
    /// The limit files written ("memory.max", "pids.max"): a controller the hierarchy does not offer (bound to a
    /// cgroup v1 hierarchy, or not delegated) has no file in the group, and that limit is left out.
    let limits: [String]

    /// The limits the group gets.
    static let memoryBytes: UInt64 = 2 << 30
    static let processes = 1024

    static func make(base: String = "/sys/fs/cgroup") -> Cgroup? {
        guard let offered = try? ProbeSystem.readFile(base + "/cgroup.controllers", limit: 4096) else { return nil }
        let controllers = Set(String(decoding: offered, as: UTF8.self).split(whereSeparator: \.isWhitespace))
        let enabled = (try? ProbeSystem.readFile(base + "/cgroup.subtree_control", limit: 4096)).map {
            Set(String(decoding: $0, as: UTF8.self).split(whereSeparator: \.isWhitespace))
        }
        // A child has a controller's files only when its parent enables it for its children, as runc and systemd
        // do; a parent that refuses (processes of its own, not delegated) leaves that limit out.
        for controller in ["memory", "pids"]
        where controllers.contains(Substring(controller)) && enabled?.contains(Substring(controller)) == false {
            try? ProbeSystem.writeFile(base + "/cgroup.subtree_control", "+\(controller)\n")
        }
        let path = base + "/shipshape-probe-\(ProbeSystem.processID)-\(Int(ProbeSystem.now() * 1000) % 1_000_000)"
        guard (try? ProbeSystem.makeDirectory(AT_FDCWD, path, mode: 0o755)) != nil else { return nil }
        var limits: [String] = []
        if (try? ProbeSystem.writeFile(path + "/memory.max", "\(memoryBytes)\n")) != nil { limits.append("memory.max") }
        if (try? ProbeSystem.writeFile(path + "/pids.max", "\(processes)\n")) != nil { limits.append("pids.max") }
        return Cgroup(path: path, limits: limits)
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
