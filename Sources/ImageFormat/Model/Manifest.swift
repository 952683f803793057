/// An image manifest (OCI image manifest or Docker schema 2: the fields are the same).
public struct Manifest: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2, mediaType: String? = MediaType.ociManifest, config: Descriptor,
        layers: [Descriptor], annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// An image index (OCI) or manifest list (Docker).
public struct Index: Sendable, Hashable, Codable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var manifests: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        schemaVersion: Int = 2, mediaType: String? = MediaType.ociIndex, manifests: [Descriptor],
        annotations: [String: String]? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.mediaType = mediaType
        self.manifests = manifests
        self.annotations = annotations
    }

    /// The image manifests for `platform` (attestation manifests with platform `unknown/unknown` never match).
    public func manifests(for platform: Platform) -> [Descriptor] {
        manifests.filter { descriptor in
            guard MediaType.isManifest(descriptor.mediaType) || MediaType.isIndex(descriptor.mediaType) else {
                return false
            }
            guard let candidate = descriptor.platform else { return false }
            return candidate.matches(platform)
        }
    }

    /// Every platform the index offers, for "which one?" messages.
    public var platforms: [Platform] {
        manifests.compactMap(\.platform).filter { $0.os != "unknown" }
    }
}
