import Foundation

@testable import ImageFormat

/// A small image, written in each of the layouts a source reads: OCI layout, OCI archive, docker save (legacy
/// and Docker ≥ 25). Layers are given as uncompressed tars and compressed as asked.
struct ImageFixture {
    var layers: [[UInt8]]
    var compression: LayerCompression = .gzip
    var platform = Platform(os: "linux", architecture: "amd64")
    var tag = "v1"
    var createdBy: [String] = []

    init(layers: [[UInt8]], compression: LayerCompression = .gzip) {
        self.layers = layers
        self.compression = compression
    }

    /// Two layers: a base with a few files, then one that changes and adds.
    static func sample(compression: LayerCompression = .gzip) throws -> ImageFixture {
        let base = try Fixtures.tar([
            Fixtures.directory("etc"), Fixtures.file("etc/os-release", "ID=test\n"),
            Fixtures.directory("bin"), Fixtures.file("bin/app", String(repeating: "A", count: 5000), mode: 0o755),
        ])
        let top = try Fixtures.tar([
            Fixtures.directory("etc"), Fixtures.file("etc/app.conf", "key=value\n"),
            (TarEntry(path: "bin/link", kind: .symbolicLink, linkTarget: "app"), []),
        ])
        return ImageFixture(layers: [base, top], compression: compression)
    }

    static func sha256(_ bytes: [UInt8]) -> Digest { Blobs.sha256(bytes) }

    var diffIDs: [Digest] { layers.map(ImageFixture.sha256) }

    func configBytes(diffIDs override: [Digest]? = nil) throws -> [UInt8] {
        var config = ContainerConfig()
        config.cmd = ["/bin/app"]
        let configuration = ImageConfiguration(
            architecture: platform.architecture, os: platform.os, config: config,
            rootfs: RootFS(diffIDs: override ?? diffIDs),
            history: layers.indices.map { History(createdBy: "layer \($0)") })
        return try CanonicalJSON.encode(configuration)
    }

    /// Blobs by digest, and the manifest descriptor, for an OCI layout.
    func ociBlobs(
        configMediaType: String = MediaType.ociConfig, layerMediaType: String? = nil, diffIDs: [Digest]? = nil
    ) throws -> (blobs: [Digest: [UInt8]], manifest: Descriptor) {
        var blobs: [Digest: [UInt8]] = [:]
        let config = try configBytes(diffIDs: diffIDs)
        blobs[ImageFixture.sha256(config)] = config
        var layerDescriptors: [Descriptor] = []
        for layer in layers {
            let stored = try Fixtures.compress(layer, compression)
            let digest = ImageFixture.sha256(stored)
            blobs[digest] = stored
            let mediaType =
                layerMediaType
                ?? {
                    switch compression {
                    case .none: MediaType.ociLayer
                    case .gzip: MediaType.ociLayerGzip
                    case .zstd: MediaType.ociLayerZstd
                    }
                }()
            layerDescriptors.append(Descriptor(mediaType: mediaType, digest: digest, size: Int64(stored.count)))
        }
        let manifest = Manifest(
            config: Descriptor(
                mediaType: configMediaType, digest: ImageFixture.sha256(config), size: Int64(config.count)),
            layers: layerDescriptors)
        let manifestBytes = try CanonicalJSON.encode(manifest)
        let digest = ImageFixture.sha256(manifestBytes)
        blobs[digest] = manifestBytes
        var descriptor = Descriptor(
            mediaType: MediaType.ociManifest, digest: digest, size: Int64(manifestBytes.count),
            annotations: [Annotation.refName: tag])
        descriptor.platform = platform
        return (blobs, descriptor)
    }

    /// The files of an OCI layout holding `manifests` (with their blobs).
    static func layoutFiles(blobs: [Digest: [UInt8]], manifests: [Descriptor]) throws -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = [
            ("oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)),
            ("index.json", try CanonicalJSON.encode(Index(manifests: manifests))),
        ]
        for digest in blobs.keys.sorted() { files.append(("blobs/sha256/\(digest.encoded)", blobs[digest] ?? [])) }
        return files
    }

    static func writeDirectory(_ files: [(String, [UInt8])], at root: String) throws {
        for (name, bytes) in files { try Fixtures.write(bytes, to: root + "/" + name) }
    }

    static func writeArchive(_ files: [(String, [UInt8])], at path: String, symlinks: [(String, String)] = [])
        throws
    {
        var writer = TarWriter(sink: MemorySink())
        var directories = Set<String>()
        for (name, bytes) in files {
            var parent = ""
            for component in name.split(separator: "/").dropLast() {
                parent += (parent.isEmpty ? "" : "/") + component
                if directories.insert(parent).inserted {
                    try writer.append(TarEntry(path: parent, kind: .directory, mode: 0o755))
                }
            }
            try writer.append(TarEntry(path: name, kind: .regular, size: Int64(bytes.count)), content: bytes)
        }
        for (name, target) in symlinks {
            try writer.append(TarEntry(path: name, kind: .symbolicLink, mode: 0o777, linkTarget: target))
        }
        try Fixtures.write(try writer.finish().bytes, to: path)
    }

    func writeOCILayout(at root: String) throws {
        let (blobs, manifest) = try ociBlobs()
        try ImageFixture.writeDirectory(try ImageFixture.layoutFiles(blobs: blobs, manifests: [manifest]), at: root)
    }

    func writeOCIArchive(at path: String) throws {
        let (blobs, manifest) = try ociBlobs()
        try ImageFixture.writeArchive(try ImageFixture.layoutFiles(blobs: blobs, manifests: [manifest]), at: path)
    }

    /// `docker save` before Docker 25: `<id>/layer.tar`, `<config hex>.json`, manifest.json. A repeated layer is
    /// stored once and linked, as Docker does.
    func writeLegacyDockerArchive(at path: String, duplicateFirstLayer: Bool = false) throws {
        let config = try configBytes(diffIDs: duplicateFirstLayer ? diffIDs + [diffIDs[0]] : nil)
        let configName = ImageFixture.sha256(config).encoded + ".json"
        var files: [(String, [UInt8])] = [(configName, config)]
        var layerNames: [String] = []
        for (position, layer) in layers.enumerated() {
            let id = String(repeating: String(position), count: 64)
            files.append(("\(id)/VERSION", Array("1.0".utf8)))
            files.append(("\(id)/layer.tar", layer))
            layerNames.append("\(id)/layer.tar")
        }
        var symlinks: [(String, String)] = []
        if duplicateFirstLayer {
            let id = String(repeating: "f", count: 64)
            symlinks.append(("\(id)/layer.tar", "../\(layerNames[0])"))
            layerNames.append("\(id)/layer.tar")
        }
        let manifest: [[String: Any]] = [["Config": configName, "RepoTags": ["app:\(tag)"], "Layers": layerNames]]
        files.append(("manifest.json", Array(try JSONSerialization.data(withJSONObject: manifest))))
        files.append(("repositories", Array("{}".utf8)))
        try ImageFixture.writeArchive(files, at: path, symlinks: symlinks)
    }

    /// `docker save` from Docker 25 on: an OCI layout (uncompressed layers) plus manifest.json into blobs/.
    func writeDocker25Archive(at path: String) throws {
        var copy = self
        copy.compression = .none
        let (blobs, manifest) = try copy.ociBlobs()
        var files = try ImageFixture.layoutFiles(blobs: blobs, manifests: [manifest])
        let config = try configBytes()
        let entry: [[String: Any]] = [
            [
                "Config": "blobs/sha256/" + ImageFixture.sha256(config).encoded, "RepoTags": ["app:\(tag)"],
                "Layers": layers.map { "blobs/sha256/" + ImageFixture.sha256($0).encoded },
            ]
        ]
        files.append(("manifest.json", Array(try JSONSerialization.data(withJSONObject: entry))))
        try ImageFixture.writeArchive(files, at: path)
    }
}

/// What a test compares between sources: the config, the DiffIDs, and every entry with a hash of its content.
struct ImageSummary: Hashable {
    var config: Digest
    var diffIDs: [Digest]
    var platform: Platform
    var entries: [[String]]

    static func of(_ source: any ImageSource, verify: Bool = false, platform: Platform? = nil) async throws
        -> ImageSummary
    {
        let image = try await ImageResolver.resolve(source, platform: platform)
        let layers = try await ImageLayers.forEachLayer(of: image, from: source, width: 2, verify: verify) {
            _, reader in
            var lines: [String] = []
            while let entry = try reader.next() {
                var content: [UInt8] = []
                try reader.forEachContentChunk { content.append(contentsOf: $0) }
                lines.append("\(entry.kind) \(entry.path) \(entry.size) \(Blobs.sha256(content).short)")
            }
            return lines
        }
        return ImageSummary(
            config: image.configDescriptor.digest, diffIDs: image.layers.map(\.diffID), platform: image.platform,
            entries: layers.map(\.result))
    }
}
