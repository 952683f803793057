import Findings

extension ProbeReport {
    /// The JSON report: PRODUCT.md's `findings`, and `probe` with what was measured.
    public var json: JSONValue {
        var probe: [String: JSONValue] = [
            "image": .string(image),
            "unpack": .object([
                "entries": .int(unpack.entries), "bytes": .int(Int(unpack.bytes)),
                "devicesSkipped": .int(unpack.devicesSkipped), "setIDBitsDropped": .int(unpack.setIDBitsDropped),
                "whiteouts": .int(unpack.whiteouts), "seconds": .double(Self.rounded(unpackSeconds)),
            ]),
            "runs": .array(runs.map(\.json)),
        ]
        if let predicted { probe["predicted"] = .array(predicted.map(\.json)) }
        return .object(["findings": .array(findings.map(\.json)), "probe": .object(probe)])
    }

    /// The text report: what each run measured, the comparison, then the findings as `inspect` prints them.
    public func text(color: Bool) -> String {
        var out =
            "probe of \(TerminalText.escaped(image)): \(unpack.entries) \(unpack.entries == 1 ? "entry" : "entries"), "
        out += "\(Self.megabytes(unpack.bytes)) unpacked in \(ProbeFindings.seconds(unpackSeconds))"
        if unpack.devicesSkipped > 0 { out += ", \(unpack.devicesSkipped) device nodes left out" }
        if unpack.setIDBitsDropped > 0 { out += ", \(unpack.setIDBitsDropped) setuid/setgid bits dropped" }
        out += "\n"
        for run in runs { out += run.text }
        if runs.count == 2, let stop = runs[0].stopSeconds, let withInit = runs[1].stopSeconds {
            out += "\ncomparison: stops in \(ProbeFindings.seconds(withInit))\(runs[1].killed ? " and a SIGKILL" : "")"
            out += " with an init, \(ProbeFindings.seconds(stop))\(runs[0].killed ? " and a SIGKILL" : "") without"
            out += "; zombies \(runs[1].unreapedZombies.count) with an init, \(runs[0].unreapedZombies.count) without\n"
        }
        let rendered = Report(findings: findings, rules: ProbeRules.all, toolVersion: "").rendered(
            as: .text, color: color)
        if !rendered.isEmpty { out += "\n" + rendered }
        return out
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes < 1_000_000
            ? "\(ProbeFindings.format(Double(bytes) / 1000, digits: 1)) kB"
            : "\(ProbeFindings.format(Double(bytes) / 1_000_000, digits: 1)) MB"
    }

    static func rounded(_ value: Double) -> Double { (value * 10000).rounded() / 10000 }
}

extension RunMeasurement {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "command": .array(command.map { .string($0) }),
            "withInit": .bool(withInit),
            "started": .bool(startFailure == nil),
            "startSeconds": .double(ProbeReport.rounded(startSeconds)),
            "maximumProcesses": .int(maximumProcesses),
            "maximumZombies": .int(maximumZombies),
            "unreapedZombies": .array(
                unreapedZombies.map {
                    .object([
                        "pid": .int($0.pid), "parent": .int($0.parent), "name": .string($0.name),
                        "seconds": .double(ProbeReport.rounded($0.seconds)),
                    ])
                }),
            "longRunningPrograms": .array(longRunningPrograms.map { .string($0) }),
            "processes": .array(
                processes.map {
                    .object([
                        "pid": .int($0.pid), "parent": .int($0.parent), "name": .string($0.name),
                        "state": .string($0.state), "commandLine": .array($0.commandLine.map { .string($0) }),
                    ])
                }),
            "sockets": .array(
                sockets.map {
                    .object([
                        "transport": .string($0.transport), "address": .string($0.address), "port": .int($0.port),
                        "pids": .array($0.pids.map { .int($0) }),
                    ])
                }),
            "timeline": .array(
                timeline.map {
                    .object([
                        "time": .double(ProbeReport.rounded($0.time)), "processes": .int($0.processes),
                        "zombies": .int($0.zombies),
                    ])
                }),
            "user": .object([
                "uid": .int(Int(uid)), "gid": .int(Int(gid)), "userNamespace": .bool(userNamespace),
            ]),
            "killed": .bool(killed),
            "graceSeconds": .double(grace),
            "output": .array(outputTail.map { .string($0) }),
        ]
        if let startFailure {
            object["startFailure"] = .object([
                "stage": .string(startFailure.stage), "errno": .int(Int(startFailure.errno.code)),
                "message": .string(startFailure.errno.description),
                "detail": startFailure.detail.map { .string($0) } ?? .null,
            ])
        }
        object["limits"] = .string(cgroup == nil ? "setrlimit" : "cgroup v2 and setrlimit")
        if let cgroup {
            object["cgroup"] = .object([
                "path": .string(cgroup), "limits": .array(cgroupLimits.map { .string($0) }),
            ])
        }
        if let firstSocketSeconds { object["firstSocketSeconds"] = .double(ProbeReport.rounded(firstSocketSeconds)) }
        if let exitedOnItsOwnAfter { object["exitedOnItsOwnAfter"] = .double(ProbeReport.rounded(exitedOnItsOwnAfter)) }
        if let stopSignal { object["stopSignal"] = .string(StopSignal.name(of: stopSignal)) }
        if let stopSeconds { object["stopSeconds"] = .double(ProbeReport.rounded(stopSeconds)) }
        if let exitStatus {
            switch exitStatus {
            case .exited(let code): object["exitCode"] = .int(code)
            case .signaled(let signal): object["exitSignal"] = .string(StopSignal.name(of: signal))
            }
        }
        return .object(object)
    }

    /// A few lines per run.
    var text: String {
        let escaped = command.map { TerminalText.escaped($0) }.joined(separator: " ")
        var out = "\n\(withInit ? "with shipshape-init" : "run"): \(escaped)\n"
        if let startFailure {
            out += "  did not start: \(startFailure.stage): \(startFailure.errno)"
            if let detail = startFailure.detail { out += " (\(TerminalText.escaped(detail)))" }
            return out + "\n"
        }
        out += "  started in \(ProbeFindings.seconds(startSeconds)); up to \(maximumProcesses) "
        out += "process\(maximumProcesses == 1 ? "" : "es"), \(maximumZombies) zombie\(maximumZombies == 1 ? "" : "s")"
        out += " at once\n"
        let live = processes.filter { !$0.isZombie }
        if !live.isEmpty {
            out += "  processes seen: "
            out += live.map { "\($0.pid) \(TerminalText.escaped($0.name))" }.joined(separator: ", ") + "\n"
        }
        for socket in sockets {
            out += "  listening: \(socket.transport) \(socket.address):\(socket.port)"
            if !socket.pids.isEmpty { out += " (pid \(socket.pids.map(String.init).joined(separator: ", ")))" }
            out += "\n"
        }
        if let firstSocketSeconds { out += "  first socket after \(ProbeFindings.seconds(firstSocketSeconds))\n" }
        if let exitedOnItsOwnAfter, let exitStatus {
            out += "  ended on its own after \(ProbeFindings.seconds(exitedOnItsOwnAfter)) with \(exitStatus)\n"
        } else if let stopSignal, let stopSeconds {
            out += "  stop: \(StopSignal.name(of: stopSignal)) to PID 1, "
            out += killed ? "still running after the \(ProbeFindings.seconds(grace, grace: true)) grace: SIGKILL, " : ""
            out += "ended after \(ProbeFindings.seconds(stopSeconds))"
            if let exitStatus {
                if case .signaled = exitStatus { out += ", \(exitStatus)" } else { out += " with \(exitStatus)" }
            }
            out += "\n"
        }
        return out
    }
}
