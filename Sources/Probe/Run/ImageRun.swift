import CProbe

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Timing of one run: how long to watch, how long to wait after the stop signal, how often to look.
public struct RunTiming: Sendable, Hashable {
    /// Seconds to watch the running program before it is stopped (`--timeout`).
    public var observe: Double = 3
    /// Seconds between the stop signal and SIGKILL (`--grace`, Docker's default 10).
    public var grace: Double = 10
    /// Seconds between two samples of the processes.
    public var interval: Double = 0.05

    public init() {}
}

/// One run of the image in fresh namespaces, measured from the host side.
enum ImageRun {
    /// Shells and inits: wrappers, not applications, for the one-app count.
    static let wrappers: Set<String> = [
        "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox", "shipshape-init", "tini", "dumb-init",
        "catatonit", "docker-init",
    ]

    static func run(
        _ spec: LaunchSpec, root: ProbeRoot, stopSignal: Int32, timing: RunTiming, withInit: Bool
    ) throws(ProbeError) -> RunMeasurement {
        var measurement = RunMeasurement(command: spec.argv, withInit: withInit)
        measurement.grace = timing.grace
        measurement.uid = spec.uid
        measurement.gid = spec.gid
        measurement.userNamespace = spec.userNamespace
        let output: Int32
        do {
            output = try ProbeSystem.open(root.outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode: 0o600)
        } catch {
            throw .system(what: "cannot create '\(root.outputPath)'", errno: error)
        }
        defer { ProbeSystem.close(output) }
        // Declared before the child, so it is removed after the child is gone (defers run in reverse).
        let cgroup = Cgroup.make()
        defer { cgroup?.remove() }
        let child = try Launcher.spawn(spec, output: output)
        // From here on the child must not outlive this function.
        var ended: ExitStatus?
        defer {
            if ended == nil {
                try? ProbeSystem.signal(child.pid, SIGKILL)
                _ = Self.waitForEnd(child.pid, seconds: 5, interruptible: false)
            }
        }
        if spec.userNamespace { try Launcher.mapUser(child.pid, uid: spec.uid, gid: spec.gid) }
        if let cgroup, cgroup.add(child.pid) {
            measurement.cgroup = cgroup.path
            measurement.cgroupLimits = cgroup.limits
        }
        let cloned = ProbeSystem.now()
        let table = ProcessTable(leader: child.pid)
        if let failure = Launcher.release(child) {
            measurement.startFailure = failure
            ended = Self.waitForEnd(child.pid, seconds: 5, interruptible: false)
            measurement.exitStatus = ended
            measurement.outputTail = Self.tail(root.outputPath)
            return measurement
        }
        let started = ProbeSystem.now()
        measurement.startSeconds = started - cloned

        // Watch.
        var firstSeen: [Int32: Double] = [:]
        var zombieSince: [Int32: (since: Double, process: ObservedProcess)] = [:]
        var unreaped: [Int32: UnreapedZombie] = [:]
        var all: [Int: ObservedProcess] = [:]
        var last: [ObservedProcess] = []
        while true {
            let signal = shipshape_probe_interrupted()
            if signal != 0 { throw .interrupted(signal: signal) }
            if let status = try? ProbeSystem.reapIfEnded(child.pid) {
                ended = ExitStatus(waitStatus: status)
                measurement.exitedOnItsOwnAfter = ProbeSystem.now() - started
                break
            }
            let now = ProbeSystem.now()
            let processes = table?.processes() ?? []
            last = processes
            for process in processes {
                all[process.pid] = process
                if firstSeen[process.hostPID] == nil { firstSeen[process.hostPID] = now }
                if process.isZombie {
                    let since = zombieSince[process.hostPID]?.since ?? now
                    zombieSince[process.hostPID] = (since, process)
                    if now - since > 0 {
                        unreaped[process.hostPID] = UnreapedZombie(
                            pid: process.pid, parent: process.parent, name: process.name, seconds: now - since)
                    }
                }
            }
            let zombies = processes.filter(\.isZombie).count
            // The timeline keeps the changes only (at most 10,000 of them), so a long watch stays small.
            if measurement.timeline.last.map({ ($0.processes, $0.zombies) != (processes.count, zombies) }) ?? true,
                measurement.timeline.count < 10_000
            {
                measurement.timeline.append(
                    ProcessCount(time: now - started, processes: processes.count, zombies: zombies))
            }
            measurement.maximumProcesses = max(measurement.maximumProcesses, processes.count)
            measurement.maximumZombies = max(measurement.maximumZombies, zombies)
            if let sockets = table?.sockets(of: processes), !sockets.isEmpty {
                if measurement.firstSocketSeconds == nil { measurement.firstSocketSeconds = now - started }
                // One entry a socket address: the holders seen in every sample together.
                for socket in sockets {
                    if let index = measurement.sockets.firstIndex(where: {
                        ($0.transport, $0.address, $0.port) == (socket.transport, socket.address, socket.port)
                    }) {
                        measurement.sockets[index].pids = Array(Set(measurement.sockets[index].pids + socket.pids))
                            .sorted()
                    } else {
                        measurement.sockets.append(socket)
                    }
                }
            }
            if now - started >= timing.observe { break }
            // Until the next sample, look every millisecond whether PID 1 ended (its end is timed to that).
            if let status = Self.waitForEnd(child.pid, seconds: timing.interval) {
                ended = status
                measurement.exitedOnItsOwnAfter = ProbeSystem.now() - started
                break
            }
        }
        measurement.processes = all.values.sorted { $0.pid < $1.pid }
        measurement.unreapedZombies = unreaped.values.sorted { $0.pid < $1.pid }
        measurement.sockets.sort()

        // One application: programs alive at the end that were there for at least half the observation.
        let end = ProbeSystem.now()
        let settled = max(timing.interval, min(1.0, timing.observe / 2))
        var programs: [String] = []
        for process in last where !process.isZombie && !Self.wrappers.contains(process.name) {
            guard let seen = firstSeen[process.hostPID], end - seen >= settled else { continue }
            if !programs.contains(process.name) { programs.append(process.name) }
        }
        measurement.longRunningPrograms = programs

        // Stop, as `docker stop` does: the stop signal to PID 1, SIGKILL after the grace period.
        if ended == nil {
            measurement.processesAtStop = last.filter { !$0.isZombie }
            measurement.stopSignal = stopSignal
            let stopped = ProbeSystem.now()
            try? ProbeSystem.signal(child.pid, stopSignal)
            ended = Self.waitForEnd(child.pid, seconds: timing.grace)
            let signal = shipshape_probe_interrupted()
            if ended == nil, signal != 0 { throw .interrupted(signal: signal) }
            if ended == nil {
                measurement.killed = true
                try? ProbeSystem.signal(child.pid, SIGKILL)
                ended = Self.waitForEnd(child.pid, seconds: 10, interruptible: false)
            }
            measurement.stopSeconds = ProbeSystem.now() - stopped
        }
        measurement.exitStatus = ended
        // PID 1's end kills the rest of the namespace; wait until the kernel has taken every process away.
        if let table {
            let deadline = ProbeSystem.now() + 5
            while !table.processes().isEmpty && ProbeSystem.now() < deadline { ProbeSystem.sleep(seconds: 0.01) }
        }
        measurement.outputTail = Self.tail(root.outputPath)
        return measurement
    }

    /// Reaps `pid` within `seconds` (looking every millisecond); nil when it still runs.
    /// An interrupt (SIGINT, SIGTERM) ends the wait early when `interruptible`.
    static func waitForEnd(_ pid: Int32, seconds: Double, interruptible: Bool = true) -> ExitStatus? {
        let deadline = ProbeSystem.now() + seconds
        while true {
            if let status = try? ProbeSystem.reapIfEnded(pid) { return ExitStatus(waitStatus: status) }
            if ProbeSystem.now() >= deadline || (interruptible && shipshape_probe_interrupted() != 0) { return nil }
            ProbeSystem.sleep(seconds: 0.001)
        }
    }

    /// The last lines of what the program printed (at most 10 lines of the last 4 KiB).
    static func tail(_ path: String) -> [String] {
        guard let bytes = try? ProbeSystem.readFile(path, limit: 1 << 20) else { return [] }
        let text = String(decoding: bytes.suffix(4096), as: UTF8.self)
        return Array(text.split(separator: "\n").suffix(10).map(String.init))
    }
}
