/// How the main child ended, decoded from a raw `waitpid` status without the C macros.
public enum ChildStatus: Equatable, Sendable {
    /// `exit(code)`.
    case exited(Int32)
    /// Killed by a signal.
    case signaled(Int32)

    /// Decodes a `waitpid` status word; nil when it reports a stop or a continue rather than an end.
    ///
    /// Linux `<bits/waitstatus.h>`: the low 7 bits are the terminating signal (0 for a normal exit, 0x7f for a
    /// stop), the next byte is the exit code; 0xffff is "continued".
    public init?(waitStatus: Int32) {
        let low = waitStatus & 0x7f
        if low == 0 {
            self = .exited((waitStatus >> 8) & 0xff)
        } else if low != 0x7f, waitStatus != 0xffff {
            self = .signaled(low)
        } else {
            return nil
        }
    }

    /// The init's exit code for this end: the child's own code, or 128 + n when signal n killed it (the shell's
    /// and tini's convention, so `docker stop` of a child without a SIGTERM handler gives 143).
    public var exitCode: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// The init's exit code after the `-e` remapping: a code listed with `-e` becomes 0 (like tini, the remapping
    /// applies to 128 + n as well).
    public func exitCode(remapping expected: ExitCodeSet) -> Int32 {
        let code = exitCode
        return expected.contains(code) ? 0 : code
    }
}

/// The exit codes given with `-e`: 0…255, as a 256-bit set.
public struct ExitCodeSet: Equatable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init() {}

    public mutating func insert(_ code: Int32) {
        guard code >= 0, code <= 255 else { return }
        let bit = UInt64(1) << UInt64(code & 63)
        switch code >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    public func contains(_ code: Int32) -> Bool {
        guard code >= 0, code <= 255 else { return false }
        let bit = UInt64(1) << UInt64(code & 63)
        switch code >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    public var isEmpty: Bool { words.0 | words.1 | words.2 | words.3 == 0 }

    public static func == (lhs: ExitCodeSet, rhs: ExitCodeSet) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3
    }
}

/// Why the program could not be started, from the `errno` of the failed exec.
public enum ExecFailure {
    /// The shell's convention: 127 when PROGRAM was not found, 126 when it exists but cannot be executed.
    public static func exitCode(errno: Int32) -> Int32 {
        // ENOENT 2, ENOTDIR 20: nothing to execute at that path or on PATH.
        errno == 2 || errno == 20 ? 127 : 126
    }
}
