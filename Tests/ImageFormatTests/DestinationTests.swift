import Foundation
import ImageFormat
import TestSupport
import Testing

/// The process and directory helpers of TestSupport, in the shape this target's tests call them.
enum WriterTestTools {
    /// Runs a program found in PATH, returning its exit status and stdout (stderr interleaved, for messages).
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try TestProcess.run("/usr/bin/env", arguments, errors: .merged)
        return (result.status, result.stdout)
    }

    static func exists(_ name: String) -> Bool { TestProcess.exists(name) }

    static func directory(_ label: String) throws -> String { try TestFiles.temporaryDirectory(label) }
}

/// A one-layer image built in memory: a gzip layer with one file, its config and manifest.
struct TinyImage {
    var layer: [UInt8]
    var layerDescriptor: Descriptor
    var config: [UInt8]
    var configDescriptor: Descriptor
    var manifest: [UInt8]
    var manifestDescriptor: Descriptor

    init(content: String = "hello\n") throws {
        var tar = TarWriter(sink: HashingSink(try GzipSink(HashingSink(MemorySink()))))
        try tar.append(
            TarEntry(path: "hello.txt", kind: .regular, size: Int64(content.utf8.count)), content: Array(content.utf8))
        var uncompressed = try tar.finish()
        let diffID = uncompressed.digest
        let compressed = try uncompressed.inner.finish()
        layer = compressed.inner.bytes
        layerDescriptor = Descriptor(
            mediaType: MediaType.ociLayerGzip, digest: compressed.digest, size: compressed.count)
        var containerConfig = ContainerConfig()
        containerConfig.cmd = ["/hello.txt"]
        let configuration = ImageConfiguration(
            created: "1970-01-01T00:00:00Z", architecture: "amd64", os: "linux", config: containerConfig,
            rootfs: RootFS(diffIDs: [diffID]))
        config = try CanonicalJSON.encode(configuration)
        configDescriptor = Descriptor(
            mediaType: MediaType.ociConfig, digest: Digest(hashingForTest: config), size: Int64(config.count))
        manifest = try CanonicalJSON.encode(Manifest(config: configDescriptor, layers: [layerDescriptor]))
        manifestDescriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: Digest(hashingForTest: manifest), size: Int64(manifest.count))
    }

    func write(to destination: some ImageDestination, tags: [String]) async throws {
        if try await !destination.hasBlob(layerDescriptor) {
            try await destination.putBlob(layerDescriptor, bytes: layer)
        }
        try await destination.putBlob(configDescriptor, bytes: config)
        try await destination.putManifest(manifestDescriptor, bytes: manifest, tags: tags)
        try await destination.commit()
    }
}

extension Digest {
    init(hashingForTest bytes: [UInt8]) {
        var sink = HashingSink(DiscardingSink())
        try? sink.write(bytes)
        self = sink.digest
    }
}

@Suite("Image destinations")
struct DestinationTests {
    @Test("an OCI layout has oci-layout, blobs and an index.json with the tag")
    func ociLayout() async throws {
        let directory = try WriterTestTools.directory("layout")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage()
        try await image.write(to: try OCILayoutDestination(directory: directory + "/out"), tags: ["1.0"])
        let index = try CanonicalJSON.decode(
            Index.self, from: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/out/index.json"))),
            what: "index")
        #expect(index.manifests.count == 1)
        #expect(index.manifests.first?.referenceName == "1.0")
        #expect(index.manifests.first?.digest == image.manifestDescriptor.digest)
        let layerFile = directory + "/out/blobs/sha256/" + image.layerDescriptor.digest.encoded
        #expect(try Data(contentsOf: URL(fileURLWithPath: layerFile)) == Data(image.layer))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory + "/out/blobs/sha256")
        #expect(leftovers.allSatisfy { !$0.hasPrefix(".") })
    }

    @Test("writing a tag again moves it; other tags stay")
    func tagMoves() async throws {
        let directory = try WriterTestTools.directory("layout")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try TinyImage(content: "one")
        let second = try TinyImage(content: "two")
        try await first.write(to: try OCILayoutDestination(directory: directory), tags: ["latest", "1"])
        try await second.write(to: try OCILayoutDestination(directory: directory), tags: ["latest"])
        let index = try CanonicalJSON.decode(
            Index.self, from: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/index.json"))),
            what: "index")
        let byTag = Dictionary(
            uniqueKeysWithValues: index.manifests.compactMap { d in d.referenceName.map { ($0, d.digest) } })
        #expect(byTag == ["1": first.manifestDescriptor.digest, "latest": second.manifestDescriptor.digest])
    }

    @Test("a blob whose bytes do not match its digest is refused and not written")
    func digestMismatch() async throws {
        let directory = try WriterTestTools.directory("layout")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage()
        let layout = try OCILayoutDestination(directory: directory)
        var wrong = image.layer
        wrong[wrong.count / 2] ^= 0xff
        await #expect(throws: DestinationError.self) {
            try await layout.putBlob(image.layerDescriptor, bytes: wrong)
        }
        #expect(try await !layout.hasBlob(image.layerDescriptor))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/blobs/sha256").isEmpty)
        await #expect(throws: DestinationError.self) {
            try await layout.putBlob(image.layerDescriptor, bytes: Array(image.layer.dropLast()))
        }

        let archive = try OCIArchiveDestination(path: directory + "/a.tar")
        await #expect(throws: DestinationError.self) {
            try await archive.putBlob(image.layerDescriptor, bytes: wrong)
        }
        await #expect(throws: DestinationError.self) { try await archive.commit() }
        #expect(!FileManager.default.fileExists(atPath: directory + "/a.tar"))
    }

    @Test("blobs already in a layout are not written again")
    func skipsPresent() async throws {
        let directory = try WriterTestTools.directory("layout")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage()
        let layout = try OCILayoutDestination(directory: directory)
        try await layout.putBlob(image.layerDescriptor, bytes: image.layer)
        #expect(try await layout.hasBlob(image.layerDescriptor))
        let path = directory + "/blobs/sha256/" + image.layerDescriptor.digest.encoded
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        try await layout.putBlob(image.layerDescriptor, bytes: image.layer)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(before == after)
    }

    @Test("archives are byte-identical when written twice")
    func archivesDeterministic() async throws {
        let directory = try WriterTestTools.directory("archive")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage()
        for round in 0..<2 {
            try await image.write(to: try OCIArchiveDestination(path: "\(directory)/oci-\(round).tar"), tags: ["v1"])
            try await image.write(
                to: try DockerArchiveDestination(path: "\(directory)/docker-\(round).tar"), tags: ["app:v1"])
        }
        for kind in ["oci", "docker"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(kind)-0.tar"))
            let second = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(kind)-1.tar"))
            #expect(first == second, "\(kind) archive differs between two writes")
        }
        let listing = try WriterTestTools.run(["tar", "-tf", "\(directory)/docker-0.tar"])
        #expect(listing.output.contains("manifest.json"))
        #expect(listing.output.contains("blobs/sha256/\(image.layerDescriptor.digest.encoded)"))
    }

    @Test("a docker archive refuses a tag without an image name")
    func dockerArchiveNeedsName() async throws {
        let directory = try WriterTestTools.directory("archive")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage()
        await #expect(throws: DestinationError.self) {
            try await image.write(to: try DockerArchiveDestination(path: "\(directory)/d.tar"), tags: ["1.0"])
        }
    }

    @Test(
        "skopeo reads the layout and both archives",
        .enabled(if: Requirement.met(WriterTestTools.exists("skopeo")), "needs skopeo (CI installs it)")
    )
    func skopeoReads() async throws {
        let directory = try WriterTestTools.directory("skopeo")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage()
        try await image.write(to: try OCILayoutDestination(directory: directory + "/layout"), tags: ["v1"])
        try await image.write(to: try OCIArchiveDestination(path: directory + "/oci.tar"), tags: ["v1"])
        try await image.write(to: try DockerArchiveDestination(path: directory + "/docker.tar"), tags: ["app:v1"])
        for reference in [
            "oci:\(directory)/layout:v1", "oci-archive:\(directory)/oci.tar:v1",
            "docker-archive:\(directory)/docker.tar",
        ] {
            let result = try WriterTestTools.run(["skopeo", "inspect", "--raw", reference])
            #expect(result.status == 0, "skopeo inspect \(reference): \(result.output)")
            let config = try WriterTestTools.run(["skopeo", "inspect", "--config", reference])
            #expect(config.status == 0, "skopeo inspect --config \(reference): \(config.output)")
            #expect(
                config.output.contains(image.configDescriptor.digest.description) || config.output.contains("hello.txt")
            )
            // Copying reads every blob and checks its digest.
            let copy = try WriterTestTools.run([
                "skopeo", "copy", reference, "oci:\(directory)/copy-\(UUID().uuidString):x",
            ])
            #expect(copy.status == 0, "skopeo copy \(reference): \(copy.output)")
        }
    }

    @Test(
        "umoci unpacks the layout",
        .enabled(if: Requirement.met(WriterTestTools.exists("umoci")), "needs umoci (CI installs it)"))
    func umociUnpacks() async throws {
        let directory = try WriterTestTools.directory("umoci")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try TinyImage(content: "from umoci\n")
        try await image.write(to: try OCILayoutDestination(directory: directory + "/layout"), tags: ["v1"])
        let result = try WriterTestTools.run([
            "umoci", "unpack", "--rootless", "--image", "\(directory)/layout:v1", "\(directory)/bundle",
        ])
        #expect(result.status == 0, "umoci unpack: \(result.output)")
        let content = try String(contentsOfFile: directory + "/bundle/rootfs/hello.txt", encoding: .utf8)
        #expect(content == "from umoci\n")
    }
}
