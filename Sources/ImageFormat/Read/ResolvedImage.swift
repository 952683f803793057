/// One layer of a resolved image: its blob, how it is compressed, and its DiffID.
public struct ResolvedLayer: Sendable, Hashable {
    /// 0-based, bottom first.
    public var index: Int
    public var descriptor: Descriptor
    public var compression: LayerCompression
    /// The digest of the uncompressed tar, from the config's `rootfs.diff_ids`.
    public var diffID: Digest
    /// How errors and reports name the layer: `layer 2 (sha256:0123456789ab) of docker-archive:app.tar`.
    public var name: String

    public init(index: Int, descriptor: Descriptor, compression: LayerCompression, diffID: Digest, source: String) {
        self.index = index
        self.descriptor = descriptor
        self.compression = compression
        self.diffID = diffID
        self.name = "layer \(index) (\(descriptor.digest.algorithm):\(descriptor.digest.short)) of \(source)"
    }
}

/// A document met on the way from the root to the image manifest, with its exact bytes (for `copy`).
public struct ResolvedDocument: Sendable, Hashable {
    public var descriptor: Descriptor
    public var bytes: [UInt8]
}

/// An image, resolved from a source: the manifest for one platform, its config, and its layers.
public struct ResolvedImage: Sendable, Hashable {
    /// The source's name (`docker-archive:app.tar`), for messages.
    public var source: String
    /// Indexes passed through, outermost first (empty when the root is a manifest).
    public var indexes: [ResolvedDocument]
    public var manifestDescriptor: Descriptor
    public var manifestBytes: [UInt8]
    public var manifest: Manifest
    public var configDescriptor: Descriptor
    public var configBytes: [UInt8]
    public var configuration: ImageConfiguration
    public var layers: [ResolvedLayer]

    /// The image's platform, from its config.
    public var platform: Platform { configuration.platform }

    /// The tag the source named the image by, when it says (`org.opencontainers.image.ref.name` on the root).
    public var referenceName: String?
}
