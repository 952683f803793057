/// Linux signal numbers and what shipshape-init does with each one.
///
/// The numbers are the kernel's generic ones (x86_64 and arm64 share them). This file imports nothing, so it
/// compiles both into the `InitCore` library (unit tests) and into the Embedded Swift init binary.
public enum InitSignal {
    /// SIGKILL and SIGSTOP cannot be caught, blocked or forwarded.
    public static let kill: Int32 = 9
    public static let stop: Int32 = 19
    /// SIGCHLD is the init's own business: it triggers the reaping loop and is never forwarded.
    public static let child: Int32 = 17
    public static let term: Int32 = 15
    /// The highest signal number on Linux (`_NSIG - 1`).
    public static let highest: Int32 = 64

    /// What the init does when it receives a signal.
    public enum Action: Equatable, Sendable {
        /// Sent on to the child (or its process group with `-g`).
        case forward
        /// SIGCHLD: reap every exited child.
        case reap
        /// SIGKILL, SIGSTOP and numbers outside 1…64: the kernel never hands these to the init.
        case none
    }

    /// The decision for `signal`.
    ///
    /// Every catchable signal is forwarded, including the job-control signals (SIGTSTP, SIGTTIN, SIGTTOU stop the
    /// child, never the init) and the fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT)
    /// when another process sends them with kill(2): the init holds them blocked like the rest, so a
    /// `docker kill -s SEGV` reaches the application. A real fault inside the init is still fatal to it, because
    /// the kernel unblocks and delivers a synchronous fault with its default action. Real-time signals 32…64 are
    /// forwarded too (the init runs no threads, so the ones libcs reserve for themselves mean nothing to it).
    public static func action(for signal: Int32) -> Action {
        guard signal >= 1, signal <= highest, signal != kill, signal != stop else { return .none }
        return signal == child ? .reap : .forward
    }

    /// The set of signals the init blocks from its first instruction and waits for: every signal 1…64 (SIGKILL
    /// and SIGSTOP included: blocking them is a no-op the kernel ignores), as the kernel's 64-bit mask.
    public static let blockedMask: UInt64 = ~0

    /// The bit of `signal` in a kernel signal mask.
    public static func bit(_ signal: Int32) -> UInt64 {
        guard signal >= 1, signal <= highest else { return 0 }
        return 1 << UInt64(signal - 1)
    }

    /// Names (without the `SIG` prefix) and numbers, as `kill -l` prints them on Linux.
    public static let names: [(name: String, number: Int32)] = [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("IOT", 6), ("BUS", 7),
        ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14),
        ("TERM", 15), ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21),
        ("TTOU", 22), ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28),
        ("IO", 29), ("POLL", 29), ("PWR", 30), ("SYS", 31),
    ]

    /// Parses a signal as tini's `-p` takes it: a name with or without `SIG` (any case), or a number 1…64.
    /// Returns nil when `text` is neither.
    public static func parse(_ text: [UInt8]) -> Int32? {
        if let number = Bytes.decimal(text) {
            return number >= 1 && number <= Int(highest) ? Int32(number) : nil
        }
        var name = Bytes.uppercased(text)
        if name.count > 3, name[0] == 0x53, name[1] == 0x49, name[2] == 0x47 {  // "SIG"
            name.removeFirst(3)
        }
        for entry in names where Array(entry.name.utf8) == name {
            return entry.number
        }
        return nil
    }
}
