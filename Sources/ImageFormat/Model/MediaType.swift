/// Media types of the OCI image spec and Docker's image manifest v2 schema 2.
public enum MediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"
    public static let ociNondistributableLayer = "application/vnd.oci.image.layer.nondistributable.v1.tar"
    public static let ociNondistributableLayerGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
    public static let ociEmpty = "application/vnd.oci.empty.v1+json"

    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayer = "application/vnd.docker.image.rootfs.diff.tar"
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"
    public static let dockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"

    /// Whether `mediaType` names a single-image manifest.
    public static func isManifest(_ mediaType: String?) -> Bool {
        mediaType == ociManifest || mediaType == dockerManifest
    }

    /// Whether `mediaType` names an index or manifest list.
    public static func isIndex(_ mediaType: String?) -> Bool {
        mediaType == ociIndex || mediaType == dockerManifestList
    }
}

/// How a layer blob is compressed.
public enum LayerCompression: String, Sendable, Hashable, CaseIterable {
    case none
    case gzip
    case zstd

    /// The compression a layer media type declares, or nil when it is not a layer media type we know.
    public init?(layerMediaType mediaType: String) {
        switch mediaType {
        case MediaType.ociLayer, MediaType.dockerLayer, MediaType.ociNondistributableLayer:
            self = .none
        case MediaType.ociLayerGzip, MediaType.dockerLayerGzip, MediaType.dockerForeignLayerGzip,
            MediaType.ociNondistributableLayerGzip:
            self = .gzip
        case MediaType.ociLayerZstd:
            self = .zstd
        default:
            return nil
        }
    }

    /// The compression the first bytes of a blob show, or nil when they match no known magic.
    public init?(magic bytes: some Collection<UInt8>) {
        let head = Array(bytes.prefix(4))
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b {
            self = .gzip
        } else if head.count >= 4, head == [0x28, 0xb5, 0x2f, 0xfd] {
            self = .zstd
        } else {
            return nil
        }
    }
}
