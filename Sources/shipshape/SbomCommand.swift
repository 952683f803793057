import ArgumentParser
import ImageAnalysis
import ImageFormat
import Packages

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `shipshape sbom IMAGE`: every package in the image, from every layer, as CycloneDX, SPDX, JSON or text.
struct SbomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "List every package in an image (dpkg, apk, rpm, Python, npm, Go, Rust, Java, gems, PHP) as an SBOM.",
        discussion: """
            IMAGE is docker-archive:PATH, oci:PATH[:TAG], oci-archive:PATH[:TAG], docker://REF or a registry \
            reference, or a bare path (detected from its content). Each package names the layer and the history \
            entry that added it; packages a later layer removed are listed apart (json, text). Output is \
            deterministic: the serial number and namespace come from the image digest, the timestamp from \
            SOURCE_DATE_EPOCH or the image's creation time. Exit codes: 0 the inventory was written; 2 the image \
            could not be read; 64 bad usage.
            """)

    @Argument(help: "The image to list.")
    var image: String

    @Option(help: "Output format: cyclonedx (1.6 JSON), spdx (2.3 JSON), json or text.")
    var format: String = "text"

    @Option(help: "Write the SBOM to this file instead of standard output.")
    var output: String?

    @Option(help: "Colour in text output: auto (on a terminal), always or never.")
    var color: String = "auto"

    @Option(help: "The platform to pick from a multi-platform image, e.g. linux/arm64 (default: the host's).")
    var platform: String?

    @Flag(help: "Check every blob digest and layer DiffID while reading (local archives are trusted otherwise).")
    var verify = false

    @OptionGroup var registry: RegistryOptionsGroup

    func validate() throws {
        guard SBOMDocument.Format(rawValue: format) != nil else {
            throw ValidationError("unknown format '\(format)' (use cyclonedx, spdx, json or text)")
        }
        guard ["auto", "always", "never"].contains(color) else {
            throw ValidationError("unknown --color '\(color)' (use auto, always or never)")
        }
        if let platform {
            do { _ = try Platform(parsing: platform) } catch { throw ValidationError(error.description) }
        }
        if let output, output.isEmpty { throw ValidationError("--output needs a file name") }
    }

    func run() async throws {
        let document: SBOMDocument
        do {
            document = try await SbomCommand.document(
                of: image, platform: platform, registry: registry.sourceFactory(), verify: verify)
        } catch let error as SbomError {
            throw ExitCode(fail(error.description, code: Exit.usage).rawValue)
        } catch {
            throw ExitCode(fail(InspectImages.describe(error), code: Exit.badInput).rawValue)
        }
        let chosen = SBOMDocument.Format(rawValue: format) ?? .text
        let useColor = output == nil && (color == "always" || (color == "auto" && isatty(1) == 1))
        let text = document.rendered(as: chosen, color: useColor)
        if let output {
            do {
                try SbomCommand.write(text, to: output)
            } catch {
                throw ExitCode(fail(error.description, code: Exit.badInput).rawValue)
            }
        } else {
            FileDescriptorText.write(text, to: 1)
        }
    }

    /// The SBOM of the image `argument` names (any IMAGE form), read in one pass over its layers.
    static func document(
        of argument: String, platform: String?,
        registry: @escaping @Sendable (String) async throws -> any ImageSource, verify: Bool
    ) async throws -> SBOMDocument {
        let progress = InspectProgress.forStandardError()
        defer { progress?(-1, 0) }
        let (resolved, source) = try await InspectImages.open(argument, platform: platform, registry: registry)
        let metadata = ResolvedImageLayers.metadata(of: resolved)
        let inventory = try await ImageAnalyzer.inventory(
            metadata, layers: ResolvedImageLayers(image: resolved, source: source, verify: verify),
            parallelism: ProcessInfo.processInfo.activeProcessorCount, progress: progress)
        return SBOMDocument(
            inventory: inventory, imageName: argument, imageDigest: resolved.configDescriptor.digest.description,
            timestamp: try SbomCommand.timestamp(created: resolved.configuration.created),
            toolVersion: ShipshapeVersion.current)
    }

    /// Writes a rendered SBOM to `path`.
    static func write(_ text: String, to path: String) throws(SbomError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw SbomError.cannotWrite(path: path, reason: errorReason(error))
        }
    }

    /// reproducible-builds.org, SOURCE_DATE_EPOCH: "The value MUST be an ASCII representation of an integer with
    /// no fractional component … the number of seconds since the Unix epoch"; else the image's `created`; else
    /// the epoch (never the clock, so two runs agree).
    static func timestamp(created: String?) throws -> Int64 {
        if let pointer = getenv("SOURCE_DATE_EPOCH") {
            let text = String(cString: pointer)
            guard let seconds = Int64(text), seconds >= 0 else { throw SbomError.badSourceDateEpoch(text) }
            return seconds
        }
        return created.flatMap(SBOMDocument.parseTimestamp) ?? 0
    }
}

enum SbomError: Error, CustomStringConvertible {
    case badSourceDateEpoch(String)
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .badSourceDateEpoch(let value):
            "SOURCE_DATE_EPOCH is '\(String(value.prefix(40).filter { $0.isASCII && ($0.isLetter || $0.isNumber) }))', "
                + "not a whole number of seconds since 1970: unset it or give such a number"
        case .cannotWrite(let path, let reason):
            "cannot write '\(path)': \(reason)"
        }
    }
}
