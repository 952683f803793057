/// What can stop a probe before it measures anything; each says what failed, with which value, and what to do.
public enum ProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A layer entry could not be put into the root.
    case unpack(layer: String, entry: String, reason: String)
    /// A system call on the probe's own files failed.
    case system(what: String, errno: Errno)
    /// The namespaces could not be created (clone failed).
    case namespaces(Errno)
    /// The image has neither Entrypoint nor Cmd.
    case noCommand
    /// `--with-init` and no shipshape-init found.
    case initMissing(searched: [String])
    /// The config's User names a user or group the image does not have.
    case unknownUser(String)
    /// SIGINT, SIGTERM or SIGHUP arrived; the child was killed and the root removed.
    case interrupted(signal: Int32)
    /// The namespace child failed while preparing the container (not the image's fault).
    case setup(stage: String, errno: Errno)
    /// The image is for another architecture or OS than this machine runs.
    case platform(image: String, host: String)

    public var description: String {
        switch self {
        case .unpack(let layer, let entry, let reason):
            return "cannot unpack '\(entry)' of \(layer): \(reason)"
        case .system(let what, let errno):
            return "\(what): \(errno)"
        case .namespaces(let errno):
            return "cannot create the namespaces (PID, mount, UTS, IPC, network) for the probe: \(errno); "
                + "run as root, or allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)"
        case .noCommand:
            return "the image has neither Entrypoint nor Cmd: there is nothing to run"
        case .initMissing(let searched):
            return "--with-init needs the shipshape-init binary, which is not at \(searched.joined(separator: ", ")); "
                + "build it with 'bash scripts/build-init.sh' or set SHIPSHAPE_INIT"
        case .unknownUser(let user):
            return "the image's User '\(user)' is not in its /etc/passwd or /etc/group; use a numeric UID[:GID]"
        case .interrupted(let signal):
            return "interrupted by signal \(signal): the probe's processes were killed and its root removed"
        case .setup(let stage, let errno):
            return "the probe could not prepare the container: \(stage): \(errno)"
        case .platform(let image, let host):
            return "the image is for \(image) and this machine is \(host): the probe runs images of its own platform"
        }
    }
}
