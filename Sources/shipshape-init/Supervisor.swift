import CShipshapeInit

/// Starts PROGRAM and then forwards signals and reaps children until PROGRAM ends.
struct Supervisor {
    let options: InitOptions
    let log: Log
    /// The signal mask the init inherited, restored in the child right before exec.
    let inheritedMask: UInt64
    /// SIGCHLD's inherited disposition (the init needs the default to see its children end), restored in the
    /// child right before exec.
    var inheritedChildAction: sigaction

    /// Forks and execs PROGRAM; returns the child's PID, or the exit code when fork failed.
    func spawn(_ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Result<pid_t, Failure> {
        let program = argv[options.programIndex]
        let pid = fork()
        if pid < 0 {
            return .failure(Failure(code: 1, message: "cannot fork: \(errorText(ssinit_errno()))"))
        }
        if pid == 0 {
            // The child. Every signal is still blocked: whatever arrives now stays pending and is delivered
            // after exec (or kills the child before exec with its default action).
            // As tini's isolate_child: the child leads a process group of its own, whatever -g says (-g only
            // chooses whether signals go to the child or to its whole group), and with a terminal that group
            // becomes the foreground one (allowed: SIGTTOU is blocked), so the terminal's ^C and job control
            // reach the program and not the init.
            _ = setpgid(0, 0)
            if isatty(0) == 1 { _ = tcsetpgrp(0, getpid()) }
            var action = inheritedChildAction
            _ = sigaction(ssinit_sigchld(), &action, nil)
            var mask = inheritedMask
            _ = ssinit_sigmask(ssinit_sig_setmask(), &mask, nil)
            if let program {
                _ = execvp(program, argv + options.programIndex)
            }
            let code = ssinit_errno()
            let name = program.map { String(decoding: bytes($0), as: UTF8.self) } ?? ""
            log.fatal("cannot run '\(name)': \(errorText(code))")
            _exit(ExecFailure.exitCode(errno: code))
        }
        // The parent sets the group too: otherwise a signal forwarded to -pid before the child's own
        // setpgid would find no such group and be lost (tini's -g race).
        _ = setpgid(pid, pid)
        return .success(pid)
    }

    /// Waits for signals until the main child ends; returns the init's exit code.
    func supervise(child: pid_t) -> Int32 {
        var waited = InitSignal.blockedMask
        while true {
            let signal = ssinit_sigwait(&waited)
            if signal < 0 {
                if ssinit_errno() == EINTR { continue }
                log.fatal("cannot wait for signals: \(errorText(ssinit_errno()))")
                return 1
            }
            switch InitSignal.action(for: signal) {
            case .reap:
                if let status = reap(child: child) {
                    let code = status.exitCode(remapping: options.expectedExitCodes)
                    log.info("child \(child) ended (\(describe(status))); exiting with \(code)")
                    return code
                }
            case .forward:
                let target = options.killProcessGroup ? -child : child
                if kill(target, signal) != 0 {
                    log.debug("signal \(signal) not forwarded to \(target): \(errorText(ssinit_errno()))")
                } else {
                    log.debug("forwarded signal \(signal) to \(target)")
                }
            case .none:
                break
            }
        }
    }

    /// Reaps every child that has ended (orphans included), until none is left to reap now; returns how the
    /// main child ended if it was among them.
    func reap(child: pid_t) -> ChildStatus? {
        var mainStatus: ChildStatus?
        while true {
            var raw: Int32 = 0
            let pid = waitpid(-1, &raw, ssinit_wnohang())
            if pid < 0 {
                if ssinit_errno() == EINTR { continue }
                return mainStatus  // ECHILD: no children left
            }
            if pid == 0 { return mainStatus }
            guard let status = ChildStatus(waitStatus: raw) else { continue }
            if pid == child {
                mainStatus = status
            } else if options.warnOnReap {
                log.warning("reaped zombie process \(pid) (\(describe(status)))")
            } else {
                log.debug("reaped process \(pid) (\(describe(status)))")
            }
        }
    }

    func describe(_ status: ChildStatus) -> String {
        switch status {
        case .exited(let code): return "exit code \(code)"
        case .signaled(let signal): return "signal \(signal)"
        }
    }

    struct Failure: Error {
        let code: Int32
        let message: String
    }
}
