import Findings
import Foundation
import ImageAnalysis
import ImageBuild
import ImageFormat
import TestSupport
import Testing

@Suite("Built images pass the image checks")
struct InspectTests {
    typealias Tools = BuildTestSupport

    /// Runs ImageAnalysis (what `shipshape inspect` runs) on the layers exactly as they were written.
    func analyse(_ result: BuildResult, name: String) async throws -> ImageReport {
        let layers = try result.layerFiles.map { files in
            try files.map { file -> (entry: TarEntry, content: [UInt8]) in
                guard let source = file.source else { return (file.entry, []) }
                return (file.entry, Array(try Data(contentsOf: URL(fileURLWithPath: source))))
            }
        }
        let metadata = ImageMetadata(
            name: name, config: result.configuration,
            layers: result.layers.map {
                .init(
                    digest: $0.descriptor.digest, mediaType: $0.descriptor.mediaType, compressedSize: $0.descriptor.size
                )
            }, annotations: [:], tags: ["1.2.3"])
        return try await ImageAnalyzer.analyze(
            metadata, layers: InMemoryLayers(layers), options: AnalysisOptions(now: 1_800_000_000))
    }

    @Test(
        "a static binary on scratch with --init and the defaults: nothing above info",
        .enabled(
            if: Requirement.met(Tools.exists("musl-gcc") && Tools.initBinary != nil),
            "needs musl-gcc and shipshape-init"))
    func staticOnScratch() async throws {
        let directory = try Tools.directory("inspect")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = try Tools.compile(in: directory)
        var spec = Tools.spec([Addition(source: binary, destination: "/app")], entrypoint: ["/app"])
        spec.initBinary = Tools.initBinary
        spec.version = try SemanticVersion("1.2.3")
        spec.revision = "0123456789abcdef0123456789abcdef01234567"
        let result = try await ImageBuilder.build(
            spec: spec, output: .oci(directory: directory + "/out"), tags: ["1.2.3"])
        let report = try await analyse(result, name: "oci:\(directory)/out:1.2.3")
        let serious = report.findings.filter { $0.severity != .info }
        #expect(serious.isEmpty, "\(serious.map { "\($0.rule) \($0.message)" })")
    }
}
