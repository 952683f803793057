import ArgumentParser
import Findings
import FoundationEssentials
import ImageFormat
import Probe

/// `shipshape probe IMAGE`: the image run for real, without a daemon, and PID 1 measured.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run an image in fresh namespaces and measure PID 1: stop time, signals, zombies, processes.",
        discussion: """
            IMAGE is docker-archive:PATH, oci:PATH[:TAG], oci-archive:PATH[:TAG], docker://REF or a registry \
            reference, or a bare path. The layers are unpacked into a private temporary directory, the command runs \
            in new PID, mount, UTS, IPC and network namespaces (loopback only), it is watched for --timeout \
            seconds, then stopped as `docker stop` does: the image's StopSignal, SIGKILL after --grace seconds. \
            Needs root (or unprivileged user namespaces). Exit codes: 0 no finding at or above the failure \
            threshold (default: warning); 1 findings at or above it; 2 the image could not be read or run; 64 bad \
            usage.
            """)

    @Argument(help: "The image to probe.")
    var image: String

    @Option(help: "Seconds to watch the running program before stopping it.")
    var timeout: Double = 3

    @Option(help: "Seconds between the stop signal and SIGKILL (docker stop's default: 10).")
    var grace: Double = 10

    @Flag(help: "Run a second time with shipshape-init as PID 1 in front, and compare.")
    var withInit = false

    @Option(help: "The shipshape-init executable for --with-init (default: beside shipshape, or .build/init).")
    var initBinary: String?

    @Option(help: "Output format: text, json or sarif.")
    var format: String = "text"

    @Option(help: "Colour in text output: auto (on a terminal), always or never.")
    var color: ColorMode = .auto

    @Option(help: "Fail (exit 1) on findings at or above: error, warning, info or none. Default: warning.")
    var failOn: String = "warning"

    @OptionGroup var registry: RegistryOptionsGroup

    func validate() throws {
        guard ["text", "json", "sarif"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use text, json or sarif)")
        }
        guard FailureThreshold(rawValue: failOn) != nil else {
            throw ValidationError("unknown --fail-on '\(failOn)' (use error, warning, info or none)")
        }
        guard timeout.isFinite, timeout >= 0.1, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0.1 and 3600 seconds, not \(timeout)")
        }
        guard grace.isFinite, grace >= 0, grace <= 3600 else {
            throw ValidationError("--grace must be between 0 and 3600 seconds, not \(grace)")
        }
    }

    func run() async throws {
        var options = ProbeOptions(
            temporaryDirectory: ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "/tmp")
        options.timing.observe = timeout
        options.timing.grace = grace
        if withInit || initBinary != nil {
            do {
                options.initBinary = try BuildCommand.findInit(initBinary)
            } catch {
                throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
            }
        }
        let report: ProbeReport
        do {
            let (resolved, source) = try await InspectImages.open(
                image, platform: nil, registry: registry.sourceFactory())
            report = try await Prober.probe(resolved, from: source, options: options)
        } catch let error as ProbeError {
            if case .interrupted(let signal) = error {
                printError("shipshape: \(error.description)")
                throw ExitCode(128 + signal)
            }
            throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
        } catch {
            throw ExitCode(fail(InspectImages.describe(error), code: Exit.badInput).rawValue)
        }
        switch format {
        case "json":
            StandardOutput.write(report.json.rendered() + "\n")
        case "sarif":
            let sarif = Report(findings: report.findings, rules: ProbeRules.all, toolVersion: ShipshapeVersion.current)
            StandardOutput.write(sarif.rendered(as: .sarif))
        default:
            StandardOutput.write(report.text(color: color.enabled))
        }
        let threshold = FailureThreshold(rawValue: failOn) ?? .warning
        if report.findings.contains(where: { threshold.fails($0.severity) }) { throw Exit.findings }
    }
}
