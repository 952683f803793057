import Findings
import Foundation
import ImageAnalysis
import ImageFormat
import TestSupport
import Testing

/// Fixture images written to disk in every format ImageFormat reads, then inspected end to end.
enum ImageFiles {
    enum Compression: String, CaseIterable, Sendable {
        case none, gzip, zstd
    }

    enum Format: String, CaseIterable, Sendable {
        case dockerArchive = "docker-archive"
        case oci
        case ociArchive = "oci-archive"
    }

    static let zstdAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/zstd")

    static func sha256(_ bytes: [UInt8]) -> Digest {
        var sink = HashingSink(MemorySink())
        try? sink.write(bytes)
        return sink.digest
    }

    static func compress(_ tar: [UInt8], _ compression: Compression) throws -> [UInt8] {
        switch compression {
        case .none:
            return tar
        case .gzip:
            var sink = try GzipSink(MemorySink())
            try sink.write(tar)
            return try sink.finish().bytes
        case .zstd:
            let result = try TestProcess.run("/usr/bin/zstd", ["-q", "-c", "-3"], input: Data(tar))
            guard result.succeeded else { throw TestFailure("zstd exited with \(result.status): \(result.stderr)") }
            return [UInt8](result.stdoutData)
        }
    }

    /// Writes `layers` as an image in `format` with `compression`; returns the IMAGE argument naming it.
    static func write(
        _ layers: [[Layer.Item]], config container: ContainerConfig, format: Format, compression: Compression,
        in directory: String, tag: String = "1.0.0"
    ) async throws -> String {
        var tars: [[UInt8]] = []
        for layer in layers {
            var writer = TarWriter(sink: MemorySink())
            for (entry, content) in layer { try writer.append(entry, content: content) }
            tars.append(try writer.finish().bytes)
        }
        let mediaType: String =
            switch compression {
            case .none: MediaType.ociLayer
            case .gzip: MediaType.ociLayerGzip
            case .zstd: MediaType.ociLayerZstd
            }
        var descriptors: [Descriptor] = []
        var blobs: [[UInt8]] = []
        for tar in tars {
            let blob = try compress(tar, compression)
            blobs.append(blob)
            descriptors.append(Descriptor(mediaType: mediaType, digest: sha256(blob), size: Int64(blob.count)))
        }
        let configuration = ImageConfiguration(
            created: "1970-01-01T00:00:00Z", architecture: Platform.host.architecture, os: "linux", config: container,
            rootfs: RootFS(diffIDs: tars.map(sha256)),
            history: layers.indices.map { History(createdBy: "RUN step \($0)") })
        let config = try CanonicalJSON.encode(configuration)
        let configDescriptor = Descriptor(
            mediaType: MediaType.ociConfig, digest: sha256(config), size: Int64(config.count))
        let manifest = try CanonicalJSON.encode(Manifest(config: configDescriptor, layers: descriptors))
        let manifestDescriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: sha256(manifest), size: Int64(manifest.count))
        let name = "\(format.rawValue)-\(compression.rawValue)"
        let destination: any ImageDestination
        let argument: String
        switch format {
        case .dockerArchive:
            destination = try DockerArchiveDestination(path: directory + "/\(name).tar")
            argument = "docker-archive:\(directory)/\(name).tar"
        case .oci:
            destination = try OCILayoutDestination(directory: directory + "/\(name)")
            argument = "oci:\(directory)/\(name):\(tag)"
        case .ociArchive:
            destination = try OCIArchiveDestination(path: directory + "/\(name).tar")
            argument = "oci-archive:\(directory)/\(name).tar:\(tag)"
        }
        for (descriptor, blob) in zip(descriptors, blobs) where try await !destination.hasBlob(descriptor) {
            try await destination.putBlob(descriptor, bytes: blob)
        }
        try await destination.putBlob(configDescriptor, bytes: config)
        try await destination.putManifest(
            manifestDescriptor, bytes: manifest, tags: [format == .dockerArchive ? "example/app:\(tag)" : tag])
        try await destination.commit()
        return argument
    }

    static func inspect(_ argument: String, verify: Bool = false) async throws -> ImageReport {
        let location = try ImageLocation(parsing: argument) { FileManager.default.fileExists(atPath: $0) }
        let source = try await ImageSources.open(location)
        let image = try await ImageResolver.resolve(source, platform: nil)
        return try await ImageAnalyzer.analyze(
            ResolvedImageLayers.metadata(of: image),
            layers: ResolvedImageLayers(image: image, source: source, verify: verify),
            options: AnalysisOptions(now: 1_800_000_000))
    }
}

@Suite("Inspecting image files")
struct ImageFileTests {
    static let layers: [[Layer.Item]] = [
        [
            Layer.dir("bin"), Layer.file("bin/app", bytes: ELFBuilder.make()), Layer.dir("var"),
            Layer.file("var/cache.bin", 3000), Layer.dir("root"),
            Layer.file("root/id_rsa", text: "-----BEGIN RSA PRIVATE KEY-----\nxx\n"),
        ],
        [
            Layer.whiteout("var/cache.bin"), Layer.whiteout("root/id_rsa"),
            Layer.file("bin/app", bytes: ELFBuilder.make(), mode: 0o700),
        ],
    ]

    static var config: ContainerConfig {
        var config = ContainerConfig()
        config.cmd = ["/bin/app"]
        return config
    }

    /// Everything but how the blobs are stored: the same image must give the same analysis.
    static func essence(_ report: ImageReport) -> String {
        let layers = report.layers.map { "\($0.diffID ?? "") \($0.tarBytes) \($0.contentBytes) \($0.entries)" }
        let findings = report.findings.map { "\($0.rule) \($0.path ?? "") \($0.message)" }
        return
            ([
                "\(report.waste.shadowedBytes) \(report.waste.shadowedFiles) \(report.waste.largest.map(\.path))",
                "\(report.diveCompat)", "\(report.files) \(report.contentBytes)",
            ] + layers + findings).joined(separator: "\n")
    }

    @Test("docker-archive, OCI layout and OCI archive, uncompressed, gzip and zstd give identical results")
    func formatsAgree() async throws {
        let directory = try TestFiles.temporaryDirectory("inspect-formats")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var results: [String: String] = [:]
        for format in ImageFiles.Format.allCases {
            for compression in ImageFiles.Compression.allCases {
                if compression == .zstd && (!ImageFiles.zstdAvailable || format == .dockerArchive) { continue }
                let argument = try await ImageFiles.write(
                    Self.layers, config: Self.config, format: format, compression: compression, in: directory)
                let report = try await ImageFiles.inspect(argument, verify: true)
                results[argument] = Self.essence(report)
                // By hand: the 3000-byte cache, the 35-byte key and the first app binary are shadowed.
                let app = Int64(ELFBuilder.make().count)
                #expect(report.waste.shadowedBytes == 3000 + 35 + app, "\(argument)")
                #expect(report.findings.contains { $0.rule == "SS1080" && $0.path == "/root/id_rsa" }, "\(argument)")
            }
        }
        #expect(Set(results.values).count == 1, "\(results)")
        #expect(results.count >= 7)
    }

    @Test("a damaged layer is an error naming the layer")
    func damaged() async throws {
        let directory = try TestFiles.temporaryDirectory("inspect-damaged")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let argument = try await ImageFiles.write(
            Self.layers, config: Self.config, format: .oci, compression: .gzip, in: directory)
        // Damage the gzip layer blobs (they start with the gzip magic 1f 8b), keeping their size.
        let blobs = directory + "/oci-gzip/blobs/sha256"
        for name in try FileManager.default.contentsOfDirectory(atPath: blobs) {
            let url = URL(fileURLWithPath: blobs + "/" + name)
            let data = try Data(contentsOf: url)
            guard data.starts(with: [0x1f, 0x8b]) else { continue }
            try (data.prefix(data.count / 2) + Data(repeating: 0xA5, count: data.count - data.count / 2)).write(to: url)
        }
        await #expect(throws: (any Error).self) { _ = try await ImageFiles.inspect(argument) }
        do {
            _ = try await ImageFiles.inspect(argument)
        } catch {
            #expect("\(error)".contains("layer"))
        }
    }
}
