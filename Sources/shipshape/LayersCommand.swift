import ArgumentParser
import Foundation
import ImageAnalysis
import ImageFormat

/// `shipshape layers IMAGE…`: the layers images share, and the bytes a node pulling all of them downloads.
struct LayersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "Show the layers several images share (by DiffID and ChainID) and the bytes sharing saves.",
        discussion: """
            Only manifests and configs are read, never layer contents. A registry reference without a tag or \
            digest gets a tagging warning (SS1092) on stderr: 'latest' is implied. Exit codes: 0 success; 2 an image could \
            not be read; 64 bad usage.
            """)

    @Argument(help: "The images to compare.")
    var images: [String]

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Option(help: "The platform to pick from multi-platform images, e.g. linux/arm64.")
    var platform: String?

    @OptionGroup var registry: RegistryOptionsGroup

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one IMAGE") }
        guard ["text", "json"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use text or json)")
        }
    }

    func run() async throws {
        var metadata: [ImageMetadata] = []
        for argument in images {
            // `tagging`, as inspect, copy and build say it: an untagged registry reference pulls the moving `latest`.
            if let reference = InspectImages.registryReference(argument), reference.usesImplicitLatest {
                let warning = ImplicitLatest.warning(reference)
                printError(warning.message, hint: warning.hint)
            }
            do {
                let (image, _) = try await InspectImages.open(
                    argument, platform: platform, registry: registry.sourceFactory())
                var entry = ResolvedImageLayers.metadata(of: image)
                entry.name = argument
                metadata.append(entry)
            } catch {
                throw ExitCode(fail(InspectImages.describe(error), code: Exit.badInput).rawValue)
            }
        }
        let sharing = LayerSharing(metadata)
        InspectOutput.write(format == "json" ? sharing.json.rendered() + "\n" : sharing.text())
    }
}
