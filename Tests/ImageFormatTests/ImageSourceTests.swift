import Foundation
import Testing

@testable import ImageFormat

@Suite("Image sources and resolution")
struct ImageSourceTests {
    static var compressions: [LayerCompression] {
        Fixtures.hasZstdTool ? [.none, .gzip, .zstd] : [.none, .gzip]
    }

    @Test("every source kind gives the same image for the same content", arguments: compressions)
    func sameImageEverywhere(compression: LayerCompression) async throws {
        let fixture = try ImageFixture.sample(compression: compression)
        try await Fixtures.withDirectory { root in
            try fixture.writeOCILayout(at: root + "/layout")
            try fixture.writeOCIArchive(at: root + "/oci.tar")
            try fixture.writeLegacyDockerArchive(at: root + "/legacy.tar")
            try fixture.writeDocker25Archive(at: root + "/docker25.tar")
            let locations: [ImageLocation] = [
                .oci(path: root + "/layout", tag: nil), .oci(path: root + "/layout", tag: "v1"),
                .ociArchive(path: root + "/oci.tar", tag: nil), .dockerArchive(path: root + "/legacy.tar"),
                .dockerArchive(path: root + "/docker25.tar"), .localPath(root + "/layout"),
                .localPath(root + "/oci.tar"), .localPath(root + "/legacy.tar"), .localPath(root + "/docker25.tar"),
            ]
            var summaries: [ImageSummary] = []
            for location in locations {
                let source = try await ImageSources.open(location)
                summaries.append(try await ImageSummary.of(source, verify: true))
                summaries.append(try await ImageSummary.of(source, verify: false))
            }
            let first = try #require(summaries.first)
            #expect(first.diffIDs == fixture.diffIDs)
            #expect(first.entries[0].count == 4)
            #expect(
                first.entries[1] == [
                    "directory etc 0 e3b0c44298fc",
                    "regular etc/app.conf 10 \(ImageFixture.sha256(Array("key=value\n".utf8)).short)",
                    "symbolicLink bin/link 0 e3b0c44298fc",
                ])
            for summary in summaries { #expect(summary == first) }
        }
    }

    @Test("the legacy docker archive: synthesised manifest, layer digests are DiffIDs, linked duplicates")
    func legacyDetails() async throws {
        let fixture = try ImageFixture.sample()
        try await Fixtures.withDirectory { root in
            try fixture.writeLegacyDockerArchive(at: root + "/legacy.tar", duplicateFirstLayer: true)
            let source = try await ImageSources.open(.dockerArchive(path: root + "/legacy.tar"))
            let image = try await ImageResolver.resolve(source, platform: nil)
            #expect(image.manifestDescriptor.mediaType == MediaType.dockerManifest)
            #expect(image.layers.map(\.descriptor.digest) == fixture.diffIDs + [fixture.diffIDs[0]])
            #expect(image.layers.map(\.compression) == [.none, .none, .none])
            #expect(image.referenceName == "app:v1")
            try await ImageLayers.verify(image, from: source)
        }
    }

    @Test("Docker 25 archives use the real OCI manifest bytes")
    func docker25Manifest() async throws {
        let fixture = try ImageFixture.sample()
        try await Fixtures.withDirectory { root in
            try fixture.writeDocker25Archive(at: root + "/d.tar")
            let source = try await ImageSources.open(.dockerArchive(path: root + "/d.tar"))
            let image = try await ImageResolver.resolve(source, platform: nil)
            #expect(image.manifestDescriptor.mediaType == MediaType.ociManifest)
            #expect(ImageFixture.sha256(image.manifestBytes) == image.manifestDescriptor.digest)
        }
    }

    // MARK: - Choosing the image

    static func multiPlatform(at root: String) throws {
        var amd = try ImageFixture.sample()
        amd.platform = Platform(os: "linux", architecture: "amd64")
        var arm = try ImageFixture.sample()
        arm.platform = Platform(os: "linux", architecture: "arm64", variant: "v8")
        let (amdBlobs, amdManifest) = try amd.ociBlobs()
        let (armBlobs, armManifest) = try arm.ociBlobs()
        var attestation = Descriptor(
            mediaType: MediaType.ociManifest, digest: amdManifest.digest, size: amdManifest.size,
            annotations: ["vnd.docker.reference.type": "attestation-manifest"])
        attestation.platform = Platform(os: "unknown", architecture: "unknown")
        let inner = Index(manifests: [amdManifest, armManifest, attestation])
        let innerBytes = try CanonicalJSON.encode(inner)
        let innerDigest = ImageFixture.sha256(innerBytes)
        var blobs = amdBlobs.merging(armBlobs) { first, _ in first }
        blobs[innerDigest] = innerBytes
        let top = Descriptor(
            mediaType: MediaType.ociIndex, digest: innerDigest, size: Int64(innerBytes.count),
            annotations: [Annotation.refName: "multi"])
        try ImageFixture.writeDirectory(try ImageFixture.layoutFiles(blobs: blobs, manifests: [top]), at: root)
    }

    @Test("platform selection through a nested index")
    func platforms() async throws {
        try await Fixtures.withDirectory { root in
            try ImageSourceTests.multiPlatform(at: root)
            let source = try OCILayoutSource(directory: root, tag: nil)
            let arm = try await ImageResolver.resolve(source, platform: try Platform(parsing: "linux/arm64"))
            #expect(arm.platform.architecture == "arm64")
            #expect(arm.indexes.count == 1)
            let host = try await ImageResolver.resolve(
                source, platform: nil, host: Platform(os: "linux", architecture: "amd64"))
            #expect(host.platform.architecture == "amd64")
            let available = [
                Platform(os: "linux", architecture: "amd64"),
                Platform(os: "linux", architecture: "arm64", variant: "v8"),
            ]
            await #expect(throws: ImageReadError.ambiguousPlatform(source: source.name, available: available)) {
                try await ImageResolver.resolve(
                    source, platform: nil, host: Platform(os: "linux", architecture: "s390x"))
            }
            let riscv = Platform(os: "linux", architecture: "riscv64")
            await #expect(
                throws: ImageReadError.platformNotFound(source: source.name, wanted: riscv, available: available)
            ) {
                try await ImageResolver.resolve(source, platform: riscv)
            }
        }
    }

    @Test("tags select the image; several tags without one is an error listing them")
    func tags() async throws {
        var first = try ImageFixture.sample()
        first.tag = "a"
        var second = try ImageFixture.sample(compression: .none)
        second.tag = "b"
        try await Fixtures.withDirectory { root in
            let (blobsA, manifestA) = try first.ociBlobs()
            let (blobsB, manifestB) = try second.ociBlobs()
            let files = try ImageFixture.layoutFiles(
                blobs: blobsA.merging(blobsB) { one, _ in one }, manifests: [manifestA, manifestB])
            try ImageFixture.writeDirectory(files, at: root + "/layout")
            try ImageFixture.writeArchive(files, at: root + "/oci.tar")
            #expect(throws: ImageReadError.ambiguousImage(source: "oci:\(root)/layout", choices: ["a", "b"])) {
                try OCILayoutSource(directory: root + "/layout", tag: nil)
            }
            #expect(
                throws: ImageReadError.tagNotFound(
                    source: "oci-archive:\(root)/oci.tar:c", tag: "c", available: ["a", "b"])
            ) {
                try OCILayoutSource(archive: root + "/oci.tar", tag: "c")
            }
            let source = try await ImageSources.open(.ociArchive(path: root + "/oci.tar", tag: "b"))
            let image = try await ImageResolver.resolve(source, platform: nil)
            #expect(image.layers.map(\.compression) == [.none, .none])
            #expect(image.referenceName == "b")
        }
    }

    @Test("several untagged manifests without platforms are ambiguous: the error lists each by digest")
    func untaggedManifestsAreAmbiguous() async throws {
        let first = try ImageFixture.sample()
        let second = try ImageFixture.sample(compression: .none)
        try await Fixtures.withDirectory { root in
            let (blobsA, manifestA) = try first.ociBlobs()
            let (blobsB, manifestB) = try second.ociBlobs()
            var bareA = manifestA
            bareA.annotations = nil
            bareA.platform = nil
            var bareB = manifestB
            bareB.annotations = nil
            bareB.platform = nil
            let blobs = blobsA.merging(blobsB) { one, _ in one }
            try ImageFixture.writeDirectory(
                try ImageFixture.layoutFiles(blobs: blobs, manifests: [bareA, bareB]), at: root + "/bare")
            let source = try OCILayoutSource(directory: root + "/bare", tag: nil)
            let expected = ImageReadError.ambiguousImage(
                source: source.name, choices: [bareA.digest.description, bareB.digest.description])
            await #expect(throws: expected) { try await ImageResolver.resolve(source, platform: nil) }
            // A platform does not tell untagged images apart either.
            await #expect(throws: expected) {
                try await ImageResolver.resolve(source, platform: Platform(os: "linux", architecture: "amd64"))
            }
            #expect(expected.description.contains(bareA.digest.description))

            // One tagged, one not: still two images, listed with the tag where there is one.
            var taggedA = bareA
            taggedA.annotations = [Annotation.refName: "a"]
            try ImageFixture.writeDirectory(
                try ImageFixture.layoutFiles(blobs: blobs, manifests: [taggedA, bareB]), at: root + "/mixed")
            let mixed = try OCILayoutSource(directory: root + "/mixed", tag: nil)
            await #expect(
                throws: ImageReadError.ambiguousImage(
                    source: mixed.name, choices: ["\(bareA.digest) (tag a)", bareB.digest.description])
            ) { try await ImageResolver.resolve(mixed, platform: nil) }
            // Naming the tag picks the image.
            let tagged = try OCILayoutSource(directory: root + "/mixed", tag: "a")
            #expect(try await ImageResolver.resolve(tagged, platform: nil).manifestDescriptor.digest == bareA.digest)
        }
    }

    @Test("--platform that a single-platform image does not match is an error naming the image's platform")
    func platformMismatchOnSingleImage() async throws {
        var fixture = try ImageFixture.sample()
        fixture.platform = Platform(os: "linux", architecture: "arm64")
        try await Fixtures.withDirectory { root in
            try fixture.writeLegacyDockerArchive(at: root + "/legacy.tar")
            let (blobs, manifest) = try fixture.ociBlobs()
            var bare = manifest
            bare.platform = nil
            try ImageFixture.writeDirectory(
                try ImageFixture.layoutFiles(blobs: blobs, manifests: [bare]), at: root + "/layout")
            let amd64 = Platform(os: "linux", architecture: "amd64")
            for location in [
                ImageLocation.dockerArchive(path: root + "/legacy.tar"), .oci(path: root + "/layout", tag: nil),
            ] {
                let source = try await ImageSources.open(location)
                await #expect(
                    throws: ImageReadError.platformNotFound(
                        source: source.name, wanted: amd64, available: [fixture.platform])
                ) { try await ImageResolver.resolve(source, platform: amd64) }
                let image = try await ImageResolver.resolve(source, platform: Platform(parsing: "linux/arm64"))
                #expect(image.platform == fixture.platform)
                #expect(try await ImageResolver.resolve(source, platform: nil).platform == fixture.platform)
            }
        }
    }

    // MARK: - Bad input

    @Test("a missing manifest.json, config or blob is a clear error")
    func missingParts() async throws {
        let fixture = try ImageFixture.sample()
        try await Fixtures.withDirectory { root in
            try ImageFixture.writeArchive([("hello.txt", Array("hi".utf8))], at: root + "/plain.tar")
            #expect(throws: ImageReadError.missing(what: "manifest.json", in: "docker-archive:\(root)/plain.tar")) {
                try DockerArchiveSource(path: root + "/plain.tar")
            }
            await #expect(throws: ImageReadError.self) { try await ImageSources.open(.localPath(root + "/plain.tar")) }

            let (blobs, manifest) = try fixture.ociBlobs()
            let config = try ImageFixture.sha256(fixture.configBytes())
            let files = try ImageFixture.layoutFiles(blobs: blobs.filter { $0.key != config }, manifests: [manifest])
            try ImageFixture.writeDirectory(files, at: root + "/layout")
            let source = try OCILayoutSource(directory: root + "/layout", tag: nil)
            await #expect(
                throws: ImageReadError.missing(
                    what: "blob \(config) (\(MediaType.ociConfig))", in: "oci:\(root)/layout")
            ) {
                try await ImageResolver.resolve(source, platform: nil)
            }
            try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
            await #expect(throws: ImageReadError.self) {
                try await ImageSources.open(.oci(path: root + "/empty", tag: nil))
            }
        }
    }

    @Test("a config that is not an image config is refused")
    func wrongConfigType() async throws {
        let fixture = try ImageFixture.sample()
        try await Fixtures.withDirectory { root in
            let (blobs, manifest) = try fixture.ociBlobs(configMediaType: "application/vnd.cncf.helm.config.v1+json")
            try ImageFixture.writeDirectory(try ImageFixture.layoutFiles(blobs: blobs, manifests: [manifest]), at: root)
            let source = try OCILayoutSource(directory: root, tag: nil)
            let error = await #expect(throws: ImageReadError.self) {
                try await ImageResolver.resolve(source, platform: nil)
            }
            guard case .unexpectedMediaType(let what, _, _) = error else {
                Issue.record("expected unexpectedMediaType, got \(String(describing: error))")
                return
            }
            #expect(what.contains("config"))
        }
    }

    @Test("a layer whose bytes do not match its media type is an error naming the layer")
    func layerMagicMismatch() async throws {
        let fixture = try ImageFixture.sample(compression: .none)
        try await Fixtures.withDirectory { root in
            let (blobs, manifest) = try fixture.ociBlobs(layerMediaType: MediaType.ociLayerGzip)
            try ImageFixture.writeDirectory(try ImageFixture.layoutFiles(blobs: blobs, manifests: [manifest]), at: root)
            let source = try OCILayoutSource(directory: root, tag: nil)
            let image = try await ImageResolver.resolve(source, platform: nil)
            await #expect(
                throws: ImageReadError.compressionMismatch(
                    layer: image.layers[0].name, declared: .gzip, actual: LayerCompression.none)
            ) {
                try await ImageSummary.of(source)
            }
        }
    }

    @Test("--verify finds a corrupted layer and a wrong DiffID; without it they are not re-hashed")
    func verification() async throws {
        let fixture = try ImageFixture.sample(compression: .none)
        try await Fixtures.withDirectory { root in
            try fixture.writeOCILayout(at: root + "/layout")
            // Flip one byte of bin/app's content (the tar stays well-formed).
            let layer = ImageFixture.sha256(fixture.layers[0])
            let path = root + "/layout/blobs/sha256/" + layer.encoded
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let offset = try #require(bytes.firstIndex(of: UInt8(ascii: "A")))
            bytes[offset] = UInt8(ascii: "B")
            try Fixtures.write(bytes, to: path)
            let source = try OCILayoutSource(directory: root + "/layout", tag: nil)
            _ = try await ImageSummary.of(source, verify: false)
            let image = try await ImageResolver.resolve(source, platform: nil)
            await #expect(
                throws: ImageReadError.digestMismatch(
                    what: image.layers[0].name, expected: layer, actual: ImageFixture.sha256(bytes))
            ) {
                try await ImageLayers.verify(image, from: source)
            }

            // gzip layers whose config lists a wrong DiffID.
            let gzipped = try ImageFixture.sample(compression: .gzip)
            let wrong = [gzipped.diffIDs[0], ImageFixture.sha256([1, 2, 3])]
            let (blobs, manifest) = try gzipped.ociBlobs(diffIDs: wrong)
            try ImageFixture.writeDirectory(
                try ImageFixture.layoutFiles(blobs: blobs, manifests: [manifest]), at: root + "/wrong")
            let wrongSource = try OCILayoutSource(directory: root + "/wrong", tag: nil)
            let wrongImage = try await ImageResolver.resolve(wrongSource, platform: nil)
            await #expect(
                throws: ImageReadError.diffIDMismatch(
                    layer: wrongImage.layers[1].name, expected: wrong[1], actual: gzipped.diffIDs[1])
            ) {
                try await ImageLayers.verify(wrongImage, from: wrongSource)
            }
        }
    }

    @Test("a symbolic link loop in an archive is an error, not a hang")
    func symlinkLoop() async throws {
        try Fixtures.withDirectory { root in
            let manifest = Array(#"[{"Config":"c.json","RepoTags":null,"Layers":["a/layer.tar","b/layer.tar"]}]"#.utf8)
            let config = try ImageFixture.sample().configBytes()
            try ImageFixture.writeArchive(
                [("manifest.json", manifest), ("c.json", config)], at: root + "/loop.tar",
                symlinks: [("a/layer.tar", "../b/layer.tar"), ("b/layer.tar", "../a/layer.tar")])
            let error = #expect(throws: ImageReadError.self) { try DockerArchiveSource(path: root + "/loop.tar") }
            #expect(error?.description.contains("loop") == true)
        }
    }

    @Test("a truncated archive and a compressed archive are clear errors")
    func truncatedArchive() async throws {
        let fixture = try ImageFixture.sample()
        try Fixtures.withDirectory { root in
            try fixture.writeOCIArchive(at: root + "/oci.tar")
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/oci.tar")))
            try Fixtures.write(Array(bytes.prefix(bytes.count - 3000)), to: root + "/cut.tar")
            let error = #expect(throws: ImageReadError.self) {
                try OCILayoutSource(archive: root + "/cut.tar", tag: nil)
            }
            #expect(error?.tarProblem == .truncated)
            try Fixtures.write(try Fixtures.gzip(bytes), to: root + "/oci.tar.gz")
            let compressed = #expect(throws: ImageReadError.self) {
                try OCILayoutSource(archive: root + "/oci.tar.gz", tag: nil)
            }
            #expect(compressed?.description.contains("decompress it first") == true)
        }
    }

    @Test("registry references go to the registry opener, or are refused without one")
    func registryPlugIn() async throws {
        await #expect(throws: ImageReadError.registryUnsupported(reference: "example.com/app:1")) {
            try await ImageSources.open(.registry("example.com/app:1"))
        }
        let fixture = try ImageFixture.sample()
        try await Fixtures.withDirectory { root in
            try fixture.writeOCILayout(at: root)
            let source = try await ImageSources.open(.registry("example.com/app:1")) { reference in
                #expect(reference == "example.com/app:1")
                return try OCILayoutSource(directory: root, tag: nil, name: "docker://" + reference)
            }
            #expect(source.name == "docker://example.com/app:1")
        }
    }

    @Test("layers are read in parallel and results come back in order")
    func parallelOrder() async throws {
        let layers = try (0..<7).map { index in
            try Fixtures.tar([Fixtures.file("file\(index)", String(repeating: "x", count: 1000 * (7 - index)))])
        }
        let fixture = ImageFixture(layers: layers, compression: .gzip)
        try await Fixtures.withDirectory { root in
            try fixture.writeOCILayout(at: root)
            let source = try OCILayoutSource(directory: root, tag: nil)
            let image = try await ImageResolver.resolve(source, platform: nil)
            let results = try await ImageLayers.forEachLayer(of: image, from: source, width: 3) { layer, reader in
                (layer.index, try reader.next()?.path)
            }
            #expect(results.map(\.result.0) == Array(0..<7))
            #expect(results.map(\.result.1) == (0..<7).map { "file\($0)" })
        }
    }
}
