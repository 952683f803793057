import ImageFormat

/// Copies an image from any `ImageSource` to any `ImageDestination`, skipping blobs the destination has, keeping
/// the manifest bytes (and so the digests) exactly as the source has them.
public struct ImageCopier: Sendable {
    /// Which images of an index to copy.
    public enum Selection: Sendable, Hashable {
        /// The index whole, every manifest it lists.
        case all
        /// The one manifest for this platform (the root, when the root is a single manifest).
        case platform(Platform)
    }

    /// What happened, for progress displays.
    public enum Event: Sendable {
        case blobStarted(Descriptor)
        case blobSkipped(Descriptor)
        case blobCopied(Descriptor)
        case manifestPushed(Descriptor)
    }

    /// How many blobs move at the same time.
    public var width: Int
    public var progress: (@Sendable (Event) -> Void)?

    public init(width: Int = 4, progress: (@Sendable (Event) -> Void)? = nil) {
        self.width = max(1, width)
        self.progress = progress
    }

    /// Copies and returns the descriptor of what was written as the root (the index, or the chosen manifest).
    public func copy(
        from source: any ImageSource, to destination: any ImageDestination, selection: Selection, tags: [String]
    ) async throws -> Descriptor {
        let (rootDescriptor, rootBytes) = try await source.root()
        var descriptor = rootDescriptor
        var bytes = rootBytes
        if MediaType.isIndex(descriptor.mediaType) {
            switch selection {
            case .all:
                let index = try CanonicalJSON.decode(Index.self, from: bytes, what: "the index of \(source.name)")
                for child in index.manifests
                where MediaType.isManifest(child.mediaType) || MediaType.isIndex(child.mediaType) {
                    let childBytes = try await source.fetch(child, limit: RegistryClient.manifestLimit)
                    try await copyManifest(child, bytes: childBytes, from: source, to: destination)
                    try await destination.putBlob(child, bytes: childBytes)
                }
                try await destination.putManifest(descriptor, bytes: bytes, tags: tags)
                progress?(.manifestPushed(descriptor))
                try await destination.commit()
                return descriptor
            case .platform(let platform):
                // Nested indexes (rare) are resolved level by level.
                var depth = 0
                while MediaType.isIndex(descriptor.mediaType), depth < 4 {
                    let index = try CanonicalJSON.decode(Index.self, from: bytes, what: "the index of \(source.name)")
                    guard let chosen = index.manifests(for: platform).first else {
                        throw RegistryError.platformNotFound(
                            platform.description, available: index.platforms.map(\.description), image: source.name)
                    }
                    bytes = try await source.fetch(chosen, limit: RegistryClient.manifestLimit)
                    descriptor = chosen
                    depth += 1
                }
            }
        }
        try await copyManifest(descriptor, bytes: bytes, from: source, to: destination)
        // The chosen manifest is written as the root: it keeps its own bytes, its own digest.
        var root = descriptor
        root.platform = nil
        root.annotations = nil
        try await destination.putManifest(root, bytes: bytes, tags: tags)
        progress?(.manifestPushed(root))
        try await destination.commit()
        return root
    }

    /// Copies the config and layers of one manifest, `width` at a time.
    func copyManifest(
        _ descriptor: Descriptor, bytes: [UInt8], from source: any ImageSource, to destination: any ImageDestination
    ) async throws {
        let manifest = try CanonicalJSON.decode(
            Manifest.self, from: bytes, what: "the manifest \(descriptor.digest) of \(source.name)")
        var seen: Set<Digest> = []
        var blobs: [(Descriptor, isConfig: Bool)] = []
        if seen.insert(manifest.config.digest).inserted { blobs.append((manifest.config, true)) }
        for layer in manifest.layers where seen.insert(layer.digest).inserted {
            // Foreign (non-distributable) layers stay where their URLs point, as Docker leaves them.
            if layer.urls?.isEmpty == false, layer.mediaType == MediaType.dockerForeignLayerGzip { continue }
            blobs.append((layer, false))
        }
        let progress = self.progress
        try await withThrowingTaskGroup(of: Void.self) { group in
            // One flat loop, as ImageAnalyzer.scanAll: start blobs until `width` are in flight, then wait for one.
            var next = 0
            var inFlight = 0
            while true {
                while next < blobs.count, inFlight < max(1, width) {
                    let (blob, isConfig) = blobs[next]
                    group.addTask {
                        if try await destination.hasBlob(blob) {
                            progress?(.blobSkipped(blob))
                            return
                        }
                        progress?(.blobStarted(blob))
                        if let registry = source as? RegistrySource, let layout = destination as? OCILayoutDestination {
                            // Registry to layout: stream (verified) straight into the layout and rename into place,
                            // one write and one hash instead of a temporary copy.
                            let temporary = layout.temporaryBlobPath()
                            try await registry.download(blob, to: temporary)
                            try layout.adoptBlob(blob, file: temporary)
                        } else if isConfig, blob.size <= 16 << 20 {
                            try await destination.putBlob(blob, bytes: try await source.fetch(blob, limit: 16 << 20))
                        } else {
                            try await destination.putBlob(blob, from: try await source.locate(blob))
                        }
                        progress?(.blobCopied(blob))
                    }
                    next += 1
                    inFlight += 1
                }
                guard try await group.next() != nil else { break }
                inFlight -= 1
            }
        }
    }
}
