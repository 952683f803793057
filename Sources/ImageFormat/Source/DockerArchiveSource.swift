/// A `docker save` archive (`docker-archive:PATH`), read in place.
///
/// The legacy layout (`manifest.json` with `Config`, `RepoTags` and `Layers`, each layer an uncompressed
/// `<id>/layer.tar`, duplicates as symbolic links) has no manifest blob: Shipshape synthesises a Docker schema 2
/// manifest whose layer descriptors are the layer tars as stored, so their digest is the DiffID (or, for a
/// compressed layer tar, the digest of its bytes). Docker ≥ 25 writes an OCI layout in the same tar, with
/// `manifest.json` pointing into `blobs/sha256/`: then the real OCI manifest from `index.json` is used, with its
/// exact bytes, when one refers to the same config.
public struct DockerArchiveSource: ImageSource {
    public let name: String
    private let index: TarArchiveIndex
    private let rootDescriptor: Descriptor
    private let rootBytes: [UInt8]
    /// Blob digest → archive member.
    private let members: [Digest: String]

    /// Largest manifest.json and image config read.
    static let documentLimit = 8 << 20

    public init(path: String, name: String? = nil) throws(ImageReadError) {
        try self.init(index: TarArchiveIndex(path: path), name: name ?? "docker-archive:\(path)")
    }

    init(index: TarArchiveIndex, name: String) throws(ImageReadError) {
        self.index = index
        self.name = name
        guard let manifestJSON = try index.read("manifest.json", limit: DockerArchiveSource.documentLimit) else {
            throw .missing(what: "manifest.json", in: name)
        }
        let entries = try Blobs.decode(
            [ArchiveManifest].self, manifestJSON, limit: DockerArchiveSource.documentLimit,
            what: "manifest.json of \(name)")
        guard let entry = entries.first else { throw .missing(what: "an image (manifest.json lists none)", in: name) }
        guard entries.count == 1 else {
            let choices = entries.enumerated().map { offset, entry in
                (entry.repoTags ?? []).isEmpty ? "#\(offset) (untagged)" : (entry.repoTags ?? []).joined(separator: " ")
            }
            throw .ambiguousImage(source: name, choices: choices)
        }
        guard let configBytes = try index.read(entry.config, limit: DockerArchiveSource.documentLimit) else {
            throw .missing(what: "the image config '\(entry.config)' named by manifest.json", in: name)
        }
        let configDigest = Blobs.sha256(configBytes)
        if let real = try DockerArchiveSource.ociManifest(in: index, config: configDigest, name: name) {
            rootDescriptor = real.descriptor
            rootBytes = real.bytes
            var members: [Digest: String] = [:]
            for descriptor in [real.manifest.config] + real.manifest.layers {
                members[descriptor.digest] = Blobs.path(descriptor.digest)
            }
            self.members = members
            return
        }
        let configuration = try Blobs.decode(
            ImageConfiguration.self, configBytes, limit: DockerArchiveSource.documentLimit,
            what: "the image config '\(entry.config)' of \(name)")
        let diffIDs = configuration.rootfs.diffIDs
        guard diffIDs.count == entry.layers.count else {
            throw .inconsistent(
                what: name,
                reason: "manifest.json lists \(entry.layers.count) layers but the config has \(diffIDs.count) DiffIDs")
        }
        var members: [Digest: String] = [configDigest: entry.config]
        var layers: [Descriptor] = []
        for (position, member) in entry.layers.enumerated() {
            guard let location = try index.region(member) else {
                throw .missing(what: "layer \(position) '\(member)' named by manifest.json", in: name)
            }
            let head = try SystemFile(reading: location.path).readBytes(
                count: Int(min(location.length, 512)), at: location.offset)
            let compression = LayerStreams.detect(head) ?? .none
            let digest: Digest
            if member.hasPrefix("blobs/sha256/"), let named = try? Digest("sha256:" + member.dropFirst(13)) {
                digest = named
            } else if compression == .none {
                digest = diffIDs[position]
            } else {
                digest = try DockerArchiveSource.hash(location)
            }
            let mediaType =
                switch compression {
                case .none: MediaType.dockerLayer
                case .gzip: MediaType.dockerLayerGzip
                case .zstd: MediaType.ociLayerZstd
                }
            layers.append(Descriptor(mediaType: mediaType, digest: digest, size: location.length))
            members[digest] = member
        }
        let manifest = Manifest(
            mediaType: MediaType.dockerManifest,
            config: Descriptor(mediaType: MediaType.dockerConfig, digest: configDigest, size: Int64(configBytes.count)),
            layers: layers)
        let bytes = (try? CanonicalJSON.encode(manifest)) ?? []
        rootDescriptor = Descriptor(
            mediaType: MediaType.dockerManifest, digest: Blobs.sha256(bytes), size: Int64(bytes.count),
            annotations: entry.repoTags?.first.map { [Annotation.refName: $0] })
        rootBytes = bytes
        self.members = members
    }

    /// Docker ≥ 25: the OCI manifest in `index.json` whose config is `config`, with its exact bytes.
    private static func ociManifest(
        in index: TarArchiveIndex, config: Digest, name: String
    ) throws(ImageReadError) -> (descriptor: Descriptor, bytes: [UInt8], manifest: Manifest)? {
        guard index.contains("index.json"), index.contains("oci-layout"),
            let indexBytes = try index.read("index.json", limit: OCILayoutSource.documentLimit),
            let document = try? CanonicalJSON.decode(Index.self, from: indexBytes, what: "index.json")
        else { return nil }
        let store = ArchiveStore(index: index)
        for descriptor in document.manifests where MediaType.isManifest(descriptor.mediaType) {
            guard
                let bytes = try? Blobs.fetch(
                    descriptor, limit: OCILayoutSource.documentLimit, from: store, source: name),
                let manifest = try? CanonicalJSON.decode(Manifest.self, from: bytes, what: "manifest"),
                manifest.config.digest == config
            else { continue }
            return (descriptor, bytes, manifest)
        }
        return nil
    }

    /// The sha256 of a compressed legacy layer tar (rare: `docker save` writes them uncompressed).
    private static func hash(_ location: BlobLocation) throws(ImageReadError) -> Digest {
        let hashing = HashingStream(try FileRegionStream(location))
        _ = try hashing.skip(location.length)
        return hashing.digest
    }

    public func root() async throws -> (descriptor: Descriptor, bytes: [UInt8]) {
        (rootDescriptor, rootBytes)
    }

    public func fetch(_ descriptor: Descriptor, limit: Int) async throws -> [UInt8] {
        guard let member = members[descriptor.digest] else {
            throw ImageReadError.missing(what: "blob \(descriptor.digest) (\(descriptor.mediaType))", in: name)
        }
        guard let bytes = try index.read(member, limit: limit) else {
            throw ImageReadError.missing(what: "'\(member)' (blob \(descriptor.digest))", in: name)
        }
        guard Int64(bytes.count) == descriptor.size else {
            throw ImageReadError.sizeMismatch(
                what: "'\(member)' of \(name)", expected: descriptor.size, actual: Int64(bytes.count))
        }
        let actual = Blobs.digest(of: bytes, like: descriptor.digest)
        guard actual == descriptor.digest else {
            throw ImageReadError.digestMismatch(
                what: "'\(member)' of \(name)", expected: descriptor.digest, actual: actual)
        }
        return bytes
    }

    public func locate(_ descriptor: Descriptor) async throws -> BlobLocation {
        guard let member = members[descriptor.digest], let location = try index.region(member) else {
            throw ImageReadError.missing(what: "blob \(descriptor.digest) (\(descriptor.mediaType))", in: name)
        }
        guard location.length == descriptor.size else {
            throw ImageReadError.sizeMismatch(
                what: "'\(member)' of \(name)", expected: descriptor.size, actual: location.length)
        }
        return location
    }
}
