import CShipshapeInit

/// The init's entry point: a C-ABI `main`, so nothing runs before it but musl's static start-up (which makes no
/// system call besides setting up the thread pointer) — no Swift runtime start-up, no /proc.
@_cdecl("main")
func initMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    // First: block every signal. From here on, a signal sent to the init stays pending until the wait loop
    // takes it (a PID 1 with default dispositions would otherwise drop it) or the child inherits it pending
    // until just before its exec.
    var all = InitSignal.blockedMask
    var inheritedMask: UInt64 = 0
    _ = ssinit_sigmask(ssinit_sig_block(), &all, &inheritedMask)

    var arguments: [[UInt8]] = []
    for index in 0..<Int(argc) {
        if let argument = argv[index] { arguments.append(bytes(argument)) }
    }
    let command: InitCommand
    do {
        command = try InitCommand.parse(arguments, environment: environmentValue)
    } catch {
        writeAll(2, "shipshape-init: \(error.description)\nTry 'shipshape-init -h'.\n")
        return InitCommand.usageExitCode
    }
    let options: InitOptions
    switch command {
    case .help:
        writeAll(1, InitText.usage)
        return 0
    case .version:
        writeAll(1, InitText.version)
        return 0
    case .license:
        writeAll(1, InitText.license)
        return 0
    case .run(let parsed):
        options = parsed
    }
    let log = Log(verbosity: options.verbosity)

    // The init must see its children end: SIGCHLD set to SIG_IGN by whoever started it would make the kernel
    // reap them behind its back. The inherited disposition goes back in the child.
    var inheritedChildAction = sigaction()
    _ = ssinit_default_disposition(ssinit_sigchld(), &inheritedChildAction)

    if let signal = options.parentDeathSignal, ssinit_prctl(PR_SET_PDEATHSIG, UInt(signal)) != 0 {
        log.fatal("cannot set the parent-death signal \(signal): \(errorText(ssinit_errno()))")
        return 1
    }
    if options.subreaper, ssinit_prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 {
        log.fatal("cannot register as a child subreaper: \(errorText(ssinit_errno()))")
        return 1
    }
    // As tini's reaper_check: no warning when the flag is already set (a parent registered and exec'd us).
    if getpid() != 1, !options.subreaper, ssinit_is_subreaper() != 1 {
        log.warning(
            "not running as PID 1 and not a child subreaper: orphaned processes will not be reaped here. "
                + "Run shipshape-init as PID 1, or pass -s (or set TINI_SUBREAPER)."
        )
    }

    let supervisor = Supervisor(
        options: options, log: log, inheritedMask: inheritedMask, inheritedChildAction: inheritedChildAction)
    switch supervisor.spawn(argv) {
    case .failure(let failure):
        log.fatal(failure.message)
        return failure.code
    case .success(let child):
        log.info("started child \(child)")
        return supervisor.supervise(child: child)
    }
}
