import ImageFormat

/// The image a build starts from, as a source resolved it: its layers are put into the result byte for byte
/// (never decompressed or recompressed), so the result shares them with every other image on the same base.
public struct BaseImage: Sendable {
    /// How the user named it (`docker-archive:base.tar`, `oci:dir:tag`); recorded as
    /// `org.opencontainers.image.base.name`.
    public var name: String
    /// The digest of its manifest, recorded as `org.opencontainers.image.base.digest`.
    public var manifestDigest: Digest
    public var configuration: ImageConfiguration
    /// Each layer's descriptor and where its bytes are, bottom first.
    public var layers: [(descriptor: Descriptor, location: BlobLocation)]
    /// Each layer's tar entries, bottom first, for the checks (a loader or library the base provides).
    public var entries: [[TarEntry]]

    public init(
        name: String, manifestDigest: Digest, configuration: ImageConfiguration,
        layers: [(descriptor: Descriptor, location: BlobLocation)], entries: [[TarEntry]]
    ) {
        self.name = name
        self.manifestDigest = manifestDigest
        self.configuration = configuration
        self.layers = layers
        self.entries = entries
    }
}
