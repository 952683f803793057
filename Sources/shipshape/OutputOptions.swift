import ArgumentParser
import Findings

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `--color auto|always|never`: colour only on a terminal unless told otherwise (and never with NO_COLOR).
enum ColorMode: String, CaseIterable, ExpressibleByArgument {
    case auto
    case always
    case never

    /// Whether to colour output written to standard output.
    var enabled: Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto:
            isatty(1) == 1 && getenv("NO_COLOR") == nil && getenv("TERM").map { String(cString: $0) } != "dumb"
        }
    }
}

/// The report options `lint` (and `inspect`) share: `--format` and `--color`.
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif or github (GitHub Actions annotations).")
    var format: String = "text"

    @Option(help: "Colour in text output: auto (on a terminal), always or never.")
    var color: ColorMode = .auto

    /// The formats this command accepts.
    func reportFormat(allowed: [ReportFormat] = ReportFormat.allCases) throws -> ReportFormat {
        guard let format = ReportFormat(rawValue: format), allowed.contains(format) else {
            throw ValidationError(
                "unknown format '\(format)' (use \(allowed.map(\.rawValue).joined(separator: ", ")))")
        }
        return format
    }
}

/// Writes text to standard output without buffering surprises between stdout and stderr.
enum StandardOutput {
    static func write(_ text: String) {
        FileDescriptorText.write(text, to: 1)
    }
}
