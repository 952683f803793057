/// An OCI content descriptor: what a blob is, its digest and its size.
public struct Descriptor: Sendable, Hashable, Codable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var urls: [String]?
    public var annotations: [String: String]?
    public var platform: Platform?
    public var artifactType: String?

    public init(
        mediaType: String, digest: Digest, size: Int64, annotations: [String: String]? = nil,
        platform: Platform? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }

    /// The `org.opencontainers.image.ref.name` annotation: the tag in an OCI layout's index.
    public var referenceName: String? { annotations?[Annotation.refName] }
}

/// Pre-defined annotation keys of the OCI image spec.
public enum Annotation {
    public static let refName = "org.opencontainers.image.ref.name"
    public static let created = "org.opencontainers.image.created"
    public static let version = "org.opencontainers.image.version"
    public static let revision = "org.opencontainers.image.revision"
    public static let source = "org.opencontainers.image.source"
    public static let baseName = "org.opencontainers.image.base.name"
    public static let baseDigest = "org.opencontainers.image.base.digest"
    /// containerd's and Docker's annotation for the full image name in an OCI archive's index.
    public static let containerdImageName = "io.containerd.image.name"
}
