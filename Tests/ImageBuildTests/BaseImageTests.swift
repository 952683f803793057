import Foundation
import ImageBuild
import ImageFormat
import TestSupport
import Testing

@Suite("Building on a base image")
struct BaseImageTests {
    typealias Tools = BuildTestSupport

    /// Reads an image back from a layout this test wrote: index.json → manifest → config, blobs by digest.
    func base(from layout: String, result: BuildResult) throws -> BaseImage {
        func blob(_ digest: Digest) throws -> [UInt8] {
            Array(try Data(contentsOf: URL(fileURLWithPath: "\(layout)/blobs/sha256/\(digest.encoded)")))
        }
        let index = try CanonicalJSON.decode(
            Index.self, from: Array(try Data(contentsOf: URL(fileURLWithPath: layout + "/index.json"))), what: "index")
        let manifestDescriptor = try #require(index.manifests.first)
        let manifest = try CanonicalJSON.decode(
            Manifest.self, from: try blob(manifestDescriptor.digest), what: "manifest")
        let configuration = try CanonicalJSON.decode(
            ImageConfiguration.self, from: try blob(manifest.config.digest), what: "config")
        return BaseImage(
            name: "oci:\(layout):base", manifestDigest: manifestDescriptor.digest, configuration: configuration,
            layers: manifest.layers.map {
                ($0, BlobLocation(path: "\(layout)/blobs/sha256/\($0.digest.encoded)", length: $0.size))
            },
            entries: result.layerFiles.map { $0.map(\.entry) })
    }

    @Test(
        "base layers are reused byte for byte; config, labels and env are inherited; the base's loader counts",
        .enabled(if: Requirement.met(Tools.exists("gcc")), "needs gcc"))
    func onBase() async throws {
        let directory = try Tools.directory("base")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A fake "distribution": the loader and libc the dynamic test program needs, as files.
        let dynamic = try Tools.compile(in: directory, dynamic: true)
        let root = directory + "/root"
        let interpreter = try #require(
            try Tools.run(["sh", "-c", "readelf -l '\(dynamic)' | sed -n 's/.*interpreter: \\(.*\\)]/\\1/p'"]).output
                .split(separator: "\n").first.map(String.init))
        let libc = "/lib/x86_64-linux-gnu/libc.so.6"
        for path in [interpreter, libc, "/bin/sh"] {
            try FileManager.default.createDirectory(
                atPath: root + (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "stub".write(toFile: root + path, atomically: true, encoding: .utf8)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/bin/sh")
        var baseSpec = Tools.spec([Addition(source: root, destination: "/")], entrypoint: ["/bin/sh"])
        baseSpec.environment = ["PATH=/bin", "MODE=base"]
        baseSpec.labels = ["from": "base"]
        baseSpec.allowDynamic = true
        let baseResult = try await ImageBuilder.build(
            spec: baseSpec, output: .oci(directory: directory + "/base"), tags: ["base"])
        let base = try base(from: directory + "/base", result: baseResult)

        var spec = Tools.spec([Addition(source: dynamic, destination: "/app")], entrypoint: ["/app"])
        spec.base = base
        spec.environment = ["MODE=app"]
        guard Platform.host.architecture == "amd64" else { return }  // the fake libc path above is x86-64's
        let result = try await ImageBuilder.build(
            spec: spec, output: .oci(directory: directory + "/app"), tags: ["app"])
        #expect(result.configuration.rootfs.diffIDs.prefix(1) == baseResult.configuration.rootfs.diffIDs[...])
        #expect(result.configuration.rootfs.diffIDs.count == 2)
        let manifest = try CanonicalJSON.decode(
            Manifest.self,
            from: Array(
                try Data(
                    contentsOf: URL(
                        fileURLWithPath:
                            "\(directory)/app/blobs/sha256/\(result.manifest.digest.encoded)"))), what: "manifest")
        #expect(manifest.layers.first == baseResult.layers.first?.descriptor)
        let reused = try Data(
            contentsOf: URL(
                fileURLWithPath:
                    "\(directory)/app/blobs/sha256/\(try #require(baseResult.layers.first).descriptor.digest.encoded)"))
        let original = try Data(
            contentsOf: URL(
                fileURLWithPath:
                    "\(directory)/base/blobs/sha256/\(try #require(baseResult.layers.first).descriptor.digest.encoded)")
        )
        #expect(reused == original)
        let config = try #require(result.configuration.config)
        #expect(config.env == ["PATH=/bin", "MODE=app"])
        #expect(config.labels?["from"] == "base")
        #expect(config.labels?[Annotation.baseName] == "oci:\(directory)/base:base")
        #expect(config.labels?[Annotation.baseDigest] == baseResult.manifest.digest.description)
        #expect(manifest.annotations?[Annotation.baseDigest] == baseResult.manifest.digest.description)
        #expect(result.configuration.history?.count == 2)
    }
}
