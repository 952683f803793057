/// The init's settings, from its command line and environment (tini's spellings and `SHIPSHAPE_INIT_*`).
public struct InitOptions: Equatable, Sendable {
    /// `-s`, `TINI_SUBREAPER`, `SHIPSHAPE_INIT_SUBREAPER`: register as a child subreaper.
    public var subreaper = false
    /// `-g`, `TINI_KILL_PROCESS_GROUP`, `SHIPSHAPE_INIT_KILL_PROCESS_GROUP`: forward to the child's process group.
    public var killProcessGroup = false
    /// `-e CODE` (repeatable): exit codes that become 0.
    public var expectedExitCodes = ExitCodeSet()
    /// `-p SIGNAL`: the signal the init gets when its parent dies.
    public var parentDeathSignal: Int32?
    /// 0 fatal errors only, 1 warnings (default), 2 information, 3 every signal and reap.
    /// `TINI_VERBOSITY`/`SHIPSHAPE_INIT_VERBOSITY` set the level, each `-v` adds one.
    public var verbosity = 1
    /// `-w`: warn about every process reaped that is not the main child.
    public var warnOnReap = false
    /// Index of PROGRAM in the argument vector; PROGRAM and its arguments are the rest of it.
    public var programIndex = 0

    public init() {}
}

/// What the command line asks for.
public enum InitCommand: Equatable, Sendable {
    case run(InitOptions)
    case help
    case version
    case license
}

/// A command line or environment the init cannot use. Exit code 64 (bad usage), like `shipshape`.
public enum InitUsageError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownOption([UInt8])
    case missingValue(UInt8)
    case invalidExitCode([UInt8])
    case invalidSignal([UInt8])
    case invalidVerbosity(variable: String, value: [UInt8])
    case missingProgram

    /// What went wrong, with the offending value, and what to do.
    public var description: String {
        switch self {
        case .unknownOption(let option):
            return "unknown option '\(Bytes.string(option))'; put '--' before PROGRAM if it starts with '-'"
        case .missingValue(let option):
            return "option '-\(Bytes.string([option]))' needs a value"
        case .invalidExitCode(let value):
            return "'-e \(Bytes.string(value))': the exit code must be a number from 0 to 255"
        case .invalidSignal(let value):
            return "'-p \(Bytes.string(value))': not a signal; use a name like SIGTERM or TERM, or a number 1-64"
        case .invalidVerbosity(let variable, let value):
            return "\(variable)='\(Bytes.string(value))': the verbosity must be a number from 0 to 9"
        case .missingProgram:
            return "no PROGRAM to run"
        }
    }
}

extension InitCommand {
    /// The exit code of a command-line or environment error.
    public static let usageExitCode: Int32 = 64

    /// Parses the argument vector (`arguments[0]` is the init's own name) and the environment.
    ///
    /// Like tini (getopt with `+`): options come first and may be clustered (`-sg`, `-vvv`, `-e3`); the first
    /// argument that is not an option, or the one after `--`, is PROGRAM, so `shipshape-init prog -x` runs
    /// `prog -x`. `--version` and `--help` are the long options. Boolean variables count when they are set at
    /// all, even empty, as in tini.
    public static func parse(
        _ arguments: [[UInt8]], environment: (String) -> [UInt8]?
    ) throws(InitUsageError) -> InitCommand {
        var options = InitOptions()
        options.subreaper = environment("SHIPSHAPE_INIT_SUBREAPER") != nil || environment("TINI_SUBREAPER") != nil
        options.killProcessGroup =
            environment("SHIPSHAPE_INIT_KILL_PROCESS_GROUP") != nil || environment("TINI_KILL_PROCESS_GROUP") != nil
        for variable in ["SHIPSHAPE_INIT_VERBOSITY", "TINI_VERBOSITY"] {
            guard let value = environment(variable) else { continue }
            guard let level = Bytes.decimal(value), level <= 9 else {
                throw .invalidVerbosity(variable: variable, value: value)
            }
            options.verbosity = level
            break
        }

        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.count >= 2, argument[0] == 0x2D else { break }  // not "-x…": PROGRAM
            if argument[1] == 0x2D {  // "--…"
                if argument.count == 2 {
                    index += 1
                    break
                }
                if argument == Array("--version".utf8) { return .version }
                if argument == Array("--help".utf8) { return .help }
                throw .unknownOption(argument)
            }
            var position = 1
            while position < argument.count {
                let letter = argument[position]
                position += 1
                switch letter {
                case 0x68: return .help  // h
                case 0x6C: return .license  // l
                case 0x73: options.subreaper = true  // s
                case 0x67: options.killProcessGroup = true  // g
                case 0x76: options.verbosity += 1  // v
                case 0x77: options.warnOnReap = true  // w
                case 0x65, 0x70:  // e CODE, p SIGNAL: the value is the rest of this argument or the next one
                    let value: [UInt8]
                    if position < argument.count {
                        value = Array(argument[position...])
                        position = argument.count
                    } else {
                        index += 1
                        guard index < arguments.count else { throw .missingValue(letter) }
                        value = arguments[index]
                    }
                    if letter == 0x65 {
                        guard let code = Bytes.decimal(value), code <= 255 else { throw .invalidExitCode(value) }
                        options.expectedExitCodes.insert(Int32(code))
                    } else {
                        guard let signal = InitSignal.parse(value) else { throw .invalidSignal(value) }
                        options.parentDeathSignal = signal
                    }
                default:
                    throw .unknownOption([0x2D, letter])
                }
            }
            index += 1
        }
        guard index < arguments.count else { throw .missingProgram }
        options.programIndex = index
        return .run(options)
    }
}
