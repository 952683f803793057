import CProbe
import Findings
import FoundationEssentials
import ImageAnalysis
import ImageFormat

/// What `shipshape probe` is asked to do.
public struct ProbeOptions: Sendable {
    public var timing = RunTiming()
    /// The shipshape-init executable for the second run (`--with-init`), or nil for one run.
    public var initBinary: String?
    /// Where the private root goes (`$TMPDIR`, else /tmp).
    public var temporaryDirectory: String
    public var limits = ProbeLimits()

    public init(temporaryDirectory: String) {
        self.temporaryDirectory = temporaryDirectory
    }
}

/// Everything one probe found: the unpack, the runs, the findings.
public struct ProbeReport: Sendable {
    public var image: String
    public var unpack: UnpackSummary
    /// Seconds spent unpacking the layers of the first run.
    public var unpackSeconds: Double
    /// The image as it is; then, with `--with-init`, the same with shipshape-init in front.
    public var runs: [RunMeasurement]
    public var findings: [Finding]
    /// When the program did not start: the correctness findings of `inspect`'s static checks on the same image.
    public var predicted: [Finding]?
}

public enum Prober {
    public static func probe(
        _ image: ResolvedImage, from source: any ImageSource, options: ProbeOptions
    ) async throws -> ProbeReport {
        let host = Platform.host
        guard image.platform.os == host.os, image.platform.architecture == host.architecture else {
            throw ProbeError.platform(image: image.platform.description, host: host.description)
        }
        let command = image.configuration.config?.command ?? []
        guard !command.isEmpty else { throw ProbeError.noCommand }
        let stopSignal = image.configuration.config?.stopSignal.flatMap { StopSignal.number($0) } ?? 15
        shipshape_probe_catch_signals()

        var runs: [RunMeasurement] = []
        var summary = UnpackSummary()
        var unpackSeconds = 0.0
        let initBytes: [UInt8]?
        if let path = options.initBinary {
            do {
                initBytes = try ProbeSystem.readFile(path, limit: 64 << 20)
            } catch {
                throw ProbeError.system(what: "cannot read the init '\(path)'", errno: error)
            }
        } else {
            initBytes = nil
        }
        for withInit in initBytes == nil ? [false] : [false, true] {
            let root = try ProbeRoot(temporaryDirectory: options.temporaryDirectory)
            defer { root.remove() }
            let began = ProbeSystem.now()
            let unpacked = try await root.unpack(image, from: source) { shipshape_probe_interrupted() != 0 }
            let signal = shipshape_probe_interrupted()
            if signal != 0 { throw ProbeError.interrupted(signal: signal) }
            if !withInit {
                summary = unpacked
                unpackSeconds = ProbeSystem.now() - began
            }
            var argv = command
            if withInit, let initBytes {
                do {
                    try root.writeTopLevelFile("shipshape-init", bytes: initBytes, mode: 0o755)
                } catch {
                    throw ProbeError.system(what: "cannot put shipshape-init into the root", errno: error)
                }
                argv = ["/shipshape-init", "--"] + command
            }
            let spec = try Self.spec(image.configuration.config ?? ContainerConfig(), argv: argv, root: root, options)
            var run = try ImageRun.run(
                spec, root: root, stopSignal: stopSignal, timing: options.timing, withInit: withInit)
            if var failure = run.startFailure {
                guard failure.atExec || failure.stage.contains("image") || failure.stage.contains("WorkingDir") else {
                    throw ProbeError.setup(stage: failure.stage, errno: failure.errno)
                }
                failure.detail = ExecDiagnosis.explain(failure.errno, argv: argv, path: spec.path, root: root)
                run.startFailure = failure
            }
            runs.append(run)
        }
        var report = ProbeReport(
            image: image.source, unpack: summary, unpackSeconds: unpackSeconds, runs: runs, findings: [])
        if let first = runs.first, first.startFailure != nil || Self.failedAtStart(first) {
            report.predicted = try? await Self.staticPrediction(image, from: source)
        }
        report.findings = ProbeFindings.findings(report)
        return report
    }

    /// PID 1 ended on its own, unsuccessfully, before it was asked to stop.
    static func failedAtStart(_ run: RunMeasurement) -> Bool {
        guard run.exitedOnItsOwnAfter != nil, let status = run.exitStatus else { return false }
        return status != .exited(0)
    }

    /// `inspect`'s correctness findings for the same image: what the static checks predicted.
    static func staticPrediction(_ image: ResolvedImage, from source: any ImageSource) async throws -> [Finding] {
        let options = AnalysisOptions(now: Int64(Date().timeIntervalSince1970), parallelism: 2)
        let report = try await ImageAnalyzer.analyze(
            ResolvedImageLayers.metadata(of: image), layers: ResolvedImageLayers(image: image, source: source),
            options: options)
        return report.findings.filter { $0.practice == .correctness }
    }

    /// The child's instructions: User, Env, WorkingDir of the config applied as a runtime applies them.
    static func spec(
        _ config: ContainerConfig, argv: [String], root: ProbeRoot, _ options: ProbeOptions
    ) throws(ProbeError) -> LaunchSpec {
        do {
            try root.prepareMountPoint("proc")
            try root.prepareMountPoint("dev")
        } catch {
            throw .system(what: "cannot prepare /proc and /dev in the root", errno: error)
        }
        let user = try ImageUser(config.user, root: root)
        let workdir: String
        do {
            workdir = "/" + (try root.makeDirectories(config.workingDir ?? "/"))
        } catch {
            throw .system(what: "cannot create the WorkingDir '\(config.workingDir ?? "/")'", errno: error)
        }
        var environment = config.env ?? []
        let names = Set(environment.map { String($0.prefix(while: { $0 != "=" })) })
        if !names.contains("PATH") { environment.append("PATH=" + CommandResolution.defaultPath) }
        if !names.contains("HOSTNAME") { environment.append("HOSTNAME=probe") }
        if !names.contains("HOME") { environment.append("HOME=" + user.home) }
        let path = environment.last(where: { $0.hasPrefix("PATH=") }).map { String($0.dropFirst(5)) }
        let userNamespace = ProbeSystem.effectiveUID != 0
        return LaunchSpec(
            root: root.rootPath, argv: argv, environment: environment, path: path, workingDirectory: workdir,
            uid: user.uid, gid: user.gid, userNamespace: userNamespace,
            limits: options.limits)
    }
}
