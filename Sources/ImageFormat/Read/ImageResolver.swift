/// Resolves a source's root to one image: through indexes and manifest lists (choosing the platform) to a
/// manifest, its config and its layers, checking media types, sizes and the layer/DiffID correspondence.
public enum ImageResolver {
    /// Largest manifest or index read (4 MiB, as registries such as distribution limit them).
    public static let manifestLimit = 4 << 20
    /// Largest image config read (configs with long histories are bigger than manifests).
    public static let configLimit = 8 << 20
    /// How deep indexes may nest.
    static let maxDepth = 4

    /// Resolves `source` for `platform` (nil: the host's when the index has it, else the only one).
    public static func resolve(
        _ source: any ImageSource, platform: Platform?, host: Platform = .host
    ) async throws -> ResolvedImage {
        let (rootDescriptor, rootBytes) = try await source.root()
        var descriptor = rootDescriptor
        var bytes = rootBytes
        var indexes: [ResolvedDocument] = []
        // Whether an index entry's own platform matched the requested one (else the config is checked below).
        var platformMatched = false
        while MediaType.isIndex(descriptor.mediaType) || (descriptor.mediaType.isEmpty && looksLikeIndex(bytes)) {
            guard indexes.count < maxDepth else {
                throw ImageReadError.inconsistent(what: source.name, reason: "indexes nest more than \(maxDepth) deep")
            }
            let index = try Blobs.decode(Index.self, bytes, limit: manifestLimit, what: "the index of \(source.name)")
            try checkDocumentType(index.mediaType, descriptor: descriptor, what: "the index of \(source.name)")
            indexes.append(ResolvedDocument(descriptor: descriptor, bytes: bytes))
            descriptor = try choose(from: index, platform: platform, host: host, source: source.name)
            if let platform, descriptor.platform?.matches(platform) == true { platformMatched = true }
            bytes = try await source.fetch(descriptor, limit: manifestLimit)
        }
        guard MediaType.isManifest(descriptor.mediaType) else {
            throw ImageReadError.unexpectedMediaType(
                what: "the root of \(source.name)", mediaType: descriptor.mediaType,
                expected: "an image manifest or index")
        }
        let manifest = try Blobs.decode(
            Manifest.self, bytes, limit: manifestLimit, what: "the manifest of \(source.name)")
        try checkDocumentType(manifest.mediaType, descriptor: descriptor, what: "the manifest of \(source.name)")

        let configDescriptor = manifest.config
        guard configDescriptor.mediaType == MediaType.ociConfig || configDescriptor.mediaType == MediaType.dockerConfig
        else {
            throw ImageReadError.unexpectedMediaType(
                what: "the config of \(source.name)", mediaType: configDescriptor.mediaType,
                expected: "'\(MediaType.ociConfig)' or '\(MediaType.dockerConfig)' (is this a container image?)")
        }
        let configBytes = try await source.fetch(configDescriptor, limit: configLimit)
        let configuration = try Blobs.decode(
            ImageConfiguration.self, configBytes, limit: configLimit, what: "the config of \(source.name)")
        // A single-platform image (or an index entry without a platform) says its platform in the config: a
        // request for another one is an error, not a silent substitution.
        if let platform, !platformMatched, !configuration.platform.matches(platform) {
            throw ImageReadError.platformNotFound(
                source: source.name, wanted: platform, available: [configuration.platform])
        }
        let diffIDs = configuration.rootfs.diffIDs
        guard diffIDs.count == manifest.layers.count else {
            throw ImageReadError.inconsistent(
                what: source.name,
                reason: "the manifest lists \(manifest.layers.count) layers but the config has \(diffIDs.count) DiffIDs"
            )
        }
        var layers: [ResolvedLayer] = []
        for (position, layer) in manifest.layers.enumerated() {
            guard let compression = LayerCompression(layerMediaType: layer.mediaType) else {
                throw ImageReadError.unexpectedMediaType(
                    what: "layer \(position) (\(layer.digest)) of \(source.name)", mediaType: layer.mediaType,
                    expected: "a tar layer (uncompressed, gzip or zstd)")
            }
            layers.append(
                ResolvedLayer(
                    index: position, descriptor: layer, compression: compression, diffID: diffIDs[position],
                    source: source.name))
        }
        return ResolvedImage(
            source: source.name, indexes: indexes, manifestDescriptor: descriptor, manifestBytes: bytes,
            manifest: manifest, configDescriptor: configDescriptor, configBytes: configBytes,
            configuration: configuration, layers: layers, referenceName: rootDescriptor.referenceName)
    }

    /// The manifest for the platform: the requested one; else the only image; else the host's; else an error
    /// listing what there is. Attestation manifests (`unknown/unknown`) are never chosen.
    ///
    /// Several manifests of which some carry no platform are not the platforms of one image but different images
    /// (an OCI layout with untagged manifests): nothing says which one is meant, so that is an error listing them.
    static func choose(
        from index: Index, platform: Platform?, host: Platform, source: String
    ) throws(ImageReadError) -> Descriptor {
        let candidates = index.manifests.filter { descriptor in
            (MediaType.isManifest(descriptor.mediaType) || MediaType.isIndex(descriptor.mediaType))
                && descriptor.platform?.os != "unknown"
                && descriptor.annotations?["vnd.docker.reference.type"] != "attestation-manifest"
        }
        let available = candidates.compactMap(\.platform)
        let ambiguous = candidates.count > 1 && candidates.contains { $0.platform == nil }
        if let platform {
            if let match = candidates.first(where: { $0.platform?.matches(platform) == true }) { return match }
            if candidates.count == 1, candidates[0].platform == nil { return candidates[0] }
            if ambiguous { throw .ambiguousImage(source: source, choices: candidates.map(describe)) }
            throw .platformNotFound(source: source, wanted: platform, available: available)
        }
        guard !candidates.isEmpty else { throw .missing(what: "an image manifest (the index lists none)", in: source) }
        if candidates.count == 1 { return candidates[0] }
        if ambiguous { throw .ambiguousImage(source: source, choices: candidates.map(describe)) }
        if let match = candidates.first(where: { $0.platform?.matches(host) == true }) { return match }
        throw .ambiguousPlatform(source: source, available: available)
    }

    /// An index entry as a user can name it: its digest, with its tag and platform when it has them.
    static func describe(_ descriptor: Descriptor) -> String {
        let details = [descriptor.referenceName.map { "tag \($0)" }, descriptor.platform.map(\.description)]
            .compactMap { $0 }
        return descriptor.digest.description + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
    }

    /// A document's own `mediaType` must agree with its descriptor's (OCI image-spec, manifest.md and
    /// image-index.md: "this field MUST be used and contain the media type"; a mismatch is a confused or forged
    /// document).
    static func checkDocumentType(_ field: String?, descriptor: Descriptor, what: String) throws(ImageReadError) {
        guard let field, !descriptor.mediaType.isEmpty, field != descriptor.mediaType else { return }
        throw .unexpectedMediaType(
            what: what, mediaType: field, expected: "'\(descriptor.mediaType)' as its descriptor says")
    }

    private static func looksLikeIndex(_ bytes: [UInt8]) -> Bool {
        (try? CanonicalJSON.decode(Index.self, from: bytes, what: "index")) != nil
    }
}
