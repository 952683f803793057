/// How PID 1 ended: an exit code, or the signal that killed it.
public enum ExitStatus: Sendable, Hashable, CustomStringConvertible {
    case exited(Int)
    case signaled(Int32)

    /// From a waitpid status word (WIFEXITED/WEXITSTATUS/WTERMSIG, spelled out: Swift has no C macros).
    init(waitStatus status: Int32) {
        if status & 0x7F == 0 {
            self = .exited(Int((status >> 8) & 0xFF))
        } else {
            self = .signaled(status & 0x7F)
        }
    }

    /// The shell's number: the code, or 128 + the signal (what `docker inspect` shows as ExitCode).
    public var code: Int {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + Int(signal)
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by \(StopSignal.name(of: signal))"
        }
    }
}

/// One point of the timeline: how many processes and zombies the namespace had from `time` on (the timeline
/// records the changes).
public struct ProcessCount: Sendable, Hashable {
    /// Seconds since the program started.
    public var time: Double
    public var processes: Int
    public var zombies: Int
}

/// A zombie seen in at least two samples: a child that ended and that its parent did not wait for.
public struct UnreapedZombie: Sendable, Hashable {
    public var pid: Int
    public var parent: Int
    public var name: String
    /// How long it was seen a zombie, in seconds.
    public var seconds: Double
}

/// What one run of the image measured.
public struct RunMeasurement: Sendable, Hashable {
    /// The command as run (with the init in front for the `--with-init` run).
    public var command: [String]
    public var withInit: Bool
    /// Why the program did not start (nil: it started).
    public var startFailure: StartFailure?
    /// Seconds from the clone to the successful exec (namespaces, mounts, pivot_root, exec).
    public var startSeconds: Double = 0
    /// Seconds from the exec to the first bound socket, when one appeared.
    public var firstSocketSeconds: Double?
    /// PID 1 ended on its own during the observation, after this many seconds.
    public var exitedOnItsOwnAfter: Double?
    /// The processes seen (at their last sample), by namespace PID.
    public var processes: [ObservedProcess] = []
    /// The processes alive when the stop signal was sent.
    public var processesAtStop: [ObservedProcess] = []
    public var timeline: [ProcessCount] = []
    public var maximumProcesses = 0
    public var maximumZombies = 0
    public var unreapedZombies: [UnreapedZombie] = []
    /// Programs that ran all through the observation, besides shells and inits (one-app).
    public var longRunningPrograms: [String] = []
    public var sockets: [ListeningSocket] = []
    /// The stop signal sent to PID 1 (nil when it had ended before).
    public var stopSignal: Int32?
    /// Seconds from the stop signal to the end of PID 1 (the grace period and a bit when it had to be killed).
    public var stopSeconds: Double?
    /// The grace period given after the stop signal, in seconds.
    public var grace: Double = 10
    /// Whether PID 1 outlived the grace period and was killed with SIGKILL.
    public var killed = false
    public var exitStatus: ExitStatus?
    /// The uid and gid the program ran as inside the container (the image's User).
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    /// Whether a user namespace mapped them to the caller (the probe was not root).
    public var userNamespace = false
    /// The cgroup v2 group the container ran in (nil: setrlimit only).
    public var cgroup: String?
    /// The limit files written in that group ("memory.max", "pids.max"; a controller the hierarchy lacks is left out).
    public var cgroupLimits: [String] = []
    /// The last lines the program printed (escaped by whoever prints them).
    public var outputTail: [String] = []

    public init(command: [String], withInit: Bool) {
        self.command = command
        self.withInit = withInit
    }
}
