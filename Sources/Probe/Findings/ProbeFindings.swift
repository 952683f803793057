import Findings

/// The findings of a probe, each with the measured figure and what to do; the image as it is (the first run) is
/// judged, the `--with-init` run supplies the comparison.
enum ProbeFindings {
    static let shells: Set<String> = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"]

    static func findings(_ report: ProbeReport) -> [Finding] {
        guard let run = report.runs.first else { return [] }
        let withInit = report.runs.count > 1 ? report.runs[1] : nil
        let program = run.command.first
        var findings: [Finding] = []
        if let failure = run.startFailure {
            var message = "the command did not start: \(failure.stage) '\(program ?? "")': \(failure.errno)"
            if let detail = failure.detail { message += " (\(detail))" }
            findings.append(
                Finding(
                    ProbeRules.doesNotStart, message: message + "; " + prediction(report.predicted),
                    hint: "install the program, its loader and libraries, or build it statically "
                        + "(`-static`, `CGO_ENABLED=0`, musl) for an image FROM scratch",
                    path: program))
            return findings
        }
        if let after = run.exitedOnItsOwnAfter, let status = run.exitStatus, status != .exited(0) {
            var message = "PID 1 ended on its own \(seconds(after)) after the start with \(status)"
            if let line = run.outputTail.last { message += "; it printed: \(line)" }
            findings.append(
                Finding(
                    ProbeRules.exitsAtStart, message: message + "; " + prediction(report.predicted),
                    hint: "run the image and read its output: a missing library, file or setting is the usual cause",
                    path: program))
        }
        if run.killed, let signal = run.stopSignal, let stop = run.stopSeconds {
            let pid1 = run.processesAtStop.first(where: { $0.pid == 1 })
            let name = pid1?.name ?? program ?? "PID 1"
            let children = run.processesAtStop.filter { $0.parent == 1 }.map(\.name)
            var message: String
            if shells.contains(name), !children.isEmpty {
                message =
                    "PID 1 is the shell '\(name)', which does not forward \(StopSignal.name(of: signal)) to "
                    + "'\(children.joined(separator: "', '"))'"
            } else {
                message = "PID 1 ('\(name)') ignored \(StopSignal.name(of: signal))"
            }
            message += ": it was still running after the \(seconds(run.grace, grace: true)) grace period and was "
            message += "killed with SIGKILL (\(seconds(stop)) to stop)"
            findings.append(
                Finding(
                    ProbeRules.stopSignalIgnored, message: message,
                    hint: comparison(run, withInit) + "handle \(StopSignal.name(of: signal)) in the application, use "
                        + "the exec form or `exec` in wrapper scripts, or run an init as PID 1 "
                        + "(`shipshape build --init`, ENTRYPOINT [\"tini\", \"--\", …])",
                    path: program))
        }
        if !run.unreapedZombies.isEmpty {
            let longest = run.unreapedZombies.map(\.seconds).max() ?? 0
            let names = Array(Set(run.unreapedZombies.map(\.name))).sorted().joined(separator: "', '")
            var hint = ""
            if let withInit {
                hint = "with shipshape-init as PID 1: \(withInit.unreapedZombies.count) unreaped; "
            }
            findings.append(
                Finding(
                    ProbeRules.zombiesNotReaped,
                    message: "\(run.unreapedZombies.count) zombie process\(run.unreapedZombies.count == 1 ? "" : "es") "
                        + "('\(names)') stayed unreaped, up to \(run.maximumZombies) at once, the longest for "
                        + "\(seconds(longest)); PID 1 ('\(run.processes.first(where: { $0.pid == 1 })?.name ?? "")') "
                        + "does not wait for orphans",
                    hint: hint
                        + "run an init as PID 1 to reap them (`shipshape build --init`, tini, `docker run --init`)",
                    path: program))
        }
        if run.longRunningPrograms.count >= 2 {
            var message =
                "\(run.longRunningPrograms.count) long-running programs in one container: "
                + "'\(run.longRunningPrograms.joined(separator: "', '"))'"
            let listening = run.sockets.map { "\($0.transport) \($0.port)" }
            if !listening.isEmpty { message += ", listening on \(listening.joined(separator: ", "))" }
            findings.append(
                Finding(
                    ProbeRules.severalPrograms, message: message,
                    hint: "one application per container: run each program in a container of its own",
                    path: program))
        }
        return findings
    }

    /// "with shipshape-init in front it stopped in 0.01 s; " (or that it still needed SIGKILL).
    static func comparison(_ run: RunMeasurement, _ withInit: RunMeasurement?) -> String {
        guard let withInit, let stop = withInit.stopSeconds else { return "" }
        if withInit.killed { return "with shipshape-init in front it still needed SIGKILL after \(seconds(stop)); " }
        return "with shipshape-init in front it stopped in \(seconds(stop)); "
    }

    static func prediction(_ predicted: [Finding]?) -> String {
        guard let predicted else { return "inspect's static checks were not run" }
        guard !predicted.isEmpty else { return "inspect's static checks did not predict it" }
        return "inspect predicted it: " + predicted.map { "\($0.rule) \($0.name)" }.joined(separator: ", ")
    }

    /// "0.004 s", "1.20 s", "10.0 s".
    static func seconds(_ value: Double, grace: Bool = false) -> String {
        if grace { return format(value, digits: 0) + " s" }
        if value < 0.1 { return format(value, digits: 3) + " s" }
        if value < 10 { return format(value, digits: 2) + " s" }
        return format(value, digits: 1) + " s"
    }

    static func format(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded)
        guard digits > 0 else { return String(whole) }
        let fraction = Int(((rounded - Double(whole)) * scale).rounded())
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
