import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How every test program is started: `posix_spawn`, never Foundation's `Process`, whose `waitUntilExit()` can
/// wait for ever on Linux under load (it waits on a run loop for a termination notice that may never come; a
/// suite running hundreds of programs hung in CI that way while each test passed alone). The child gets:
/// - no descriptor but its standard ones (`closefrom(3)`): a pipe another test reads is never held open by it;
/// - an empty signal mask and default dispositions: a test thread may block SIGTERM, and the child would inherit it;
/// - the standard descriptors the caller names (a file opened for it, or one of the caller's own descriptors).
enum ChildSpawn {
    enum Descriptor {
        /// A file opened for the child: `path`, with `open(2)` flags.
        case file(String, Int32)
        /// A descriptor of this process, duplicated onto the child's.
        case duplicate(Int32)
    }

    /// Starts `executable` (an absolute path) and returns its pid; `environment` is added to this process's.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String?,
        stdin: Descriptor, stdout: Descriptor, stderr: Descriptor
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, descriptor) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch descriptor {
            case .file(let path, let flags): posix_spawn_file_actions_addopen(&actions, target, path, flags, 0o644)
            case .duplicate(let source): posix_spawn_file_actions_adddup2(&actions, source, target)
            }
        }
        if let directory {
            guard let addchdir else {
                throw TestFailure("glibc lacks posix_spawn_file_actions_addchdir_np (2.29 or later)")
            }
            _ = addchdir(&actions, directory)
        }
        guard let addclosefrom else {
            throw TestFailure("glibc lacks posix_spawn_file_actions_addclosefrom_np (2.34 or later)")
        }
        _ = addclosefrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // The runner's process group: a Ctrl-C at the terminal stops these too.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw TestFailure("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    // glibc's `_np` spawn actions (2.29, 2.34) are not in Swift's Glibc module: looked up by name.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private static let addclosefrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
    private static let addchdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }
}
