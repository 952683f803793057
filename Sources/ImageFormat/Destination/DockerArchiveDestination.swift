import Synchronization

/// Writes a `docker save` archive (`docker-archive:FILE`) in Docker 25's layout, which `docker load`,
/// `podman load` and `skopeo` all read: the OCI layout (`blobs/sha256/…`, `index.json`, `oci-layout`) plus the
/// legacy `manifest.json` (`Config`, `RepoTags`, `Layers`, paths into `blobs/`).
///
/// It holds single-platform images: the root given to `putManifest` must be an image manifest.
public final class DockerArchiveDestination: TarArchiveDestination {
    public let name: String
    let archive: TarArchiveWriter
    private let images = Mutex<[(Descriptor, Manifest, [String])]>([])

    public init(path: String, name: String? = nil) throws(DestinationError) {
        self.name = name ?? "docker-archive:\(path)"
        archive = try TarArchiveWriter(path: path, name: self.name)
    }

    /// `tags` are image names as `docker load` shows them (`app:1.2.3`, `registry.example/app:1.2.3`); a bare tag
    /// without a repository cannot be loaded by name and is refused.
    public func putManifest(_ descriptor: Descriptor, bytes: [UInt8], tags: [String]) async throws {
        guard MediaType.isManifest(descriptor.mediaType) else {
            throw DestinationError.unsupported(
                destination: name,
                reason:
                    "a docker archive holds single-platform images, not '\(descriptor.mediaType)'; choose a platform")
        }
        let manifest: Manifest
        do {
            manifest = try CanonicalJSON.decode(Manifest.self, from: bytes, what: "the manifest \(descriptor.digest)")
        } catch {
            throw DestinationError.invalidDocument(destination: name, reason: error.description)
        }
        for tag in tags where !DockerArchiveDestination.isImageName(tag) {
            throw DestinationError.unsupported(
                destination: name,
                reason: "'\(tag)' is not an image name with a tag (NAME:TAG, for example app:1.2.3)")
        }
        try archive.putBlob(descriptor) { sink in try sink.write(bytes) }
        images.withLock { $0.append((descriptor, manifest, tags)) }
    }

    /// `NAME:TAG` where the part after the last `/` holds the colon.
    static func isImageName(_ value: String) -> Bool {
        let last = value.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let colon = last.firstIndex(of: ":") else { return false }
        return colon != last.startIndex && last.index(after: colon) != last.endIndex
    }

    public func commit() async throws {
        let images = self.images.withLock { $0 }
        guard !images.isEmpty else {
            throw DestinationError.unsupported(destination: name, reason: "no image was written to it")
        }
        var legacy: [ManifestEntry] = []
        var index = Index(manifests: [])
        for (descriptor, manifest, tags) in images {
            legacy.append(
                ManifestEntry(
                    config: try TarArchiveWriter.member(manifest.config.digest),
                    repoTags: tags.isEmpty ? nil : tags,
                    layers: try manifest.layers.map { layer throws(DestinationError) in
                        try TarArchiveWriter.member(layer.digest)
                    }))
            if tags.isEmpty { index.manifests.append(descriptor) }
            for tag in tags {
                var entry = descriptor
                let tagPart = String(tag[tag.index(after: tag.lastIndex(of: ":") ?? tag.startIndex)...])
                entry.annotations = (entry.annotations ?? [:]).merging([
                    Annotation.containerdImageName: tag, Annotation.refName: tagPart,
                ]) { $1 }
                index.manifests.append(entry)
            }
        }
        try archive.commit(files: [
            ("index.json", try CanonicalJSON.encode(index)),
            ("manifest.json", try CanonicalJSON.encode(legacy)),
            ("oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)),
        ])
    }
}

extension DockerArchiveDestination {
    /// One entry of a docker archive's `manifest.json`.
    public struct ManifestEntry: Sendable, Hashable, Codable {
        public var config: String
        public var repoTags: [String]?
        public var layers: [String]

        enum CodingKeys: String, CodingKey {
            case config = "Config"
            case repoTags = "RepoTags"
            case layers = "Layers"
        }

        public init(config: String, repoTags: [String]?, layers: [String]) {
            self.config = config
            self.repoTags = repoTags
            self.layers = layers
        }
    }
}
