/// An OCI image layout (`oci:PATH[:TAG]`) or OCI archive (`oci-archive:PATH[:TAG]`), read in place.
///
/// The image is chosen from `index.json` by its `org.opencontainers.image.ref.name` annotation (or containerd's
/// `io.containerd.image.name`) when a tag is given; otherwise the only image. When several manifests carry the
/// same tag, or none has a tag, they are treated as the platforms of one image and the resolver picks one.
public struct OCILayoutSource: ImageSource {
    public let name: String
    let store: any LayoutStore
    private let rootDescriptor: Descriptor
    private let rootBytes: [UInt8]?

    /// Largest index.json or manifest read (hostile inputs can be huge).
    static let documentLimit = 4 << 20

    /// Opens a layout directory.
    public init(directory path: String, tag: String?, name: String? = nil) throws(ImageReadError) {
        try self.init(
            store: DirectoryStore(path: path), tag: tag,
            name: name ?? ImageLocation.oci(path: path, tag: tag).description)
    }

    /// Opens an OCI archive.
    public init(archive path: String, tag: String?, name: String? = nil) throws(ImageReadError) {
        try self.init(
            store: ArchiveStore(index: TarArchiveIndex(path: path)), tag: tag,
            name: name ?? ImageLocation.ociArchive(path: path, tag: tag).description)
    }

    init(store: any LayoutStore, tag: String?, name: String) throws(ImageReadError) {
        self.store = store
        self.name = name
        guard let layout = try store.read("oci-layout", limit: 64 << 10) else {
            throw .notAnImage(path: store.path, reason: "it has no oci-layout file, so it is not an OCI image layout")
        }
        let version = try Blobs.decode(LayoutFile.self, layout, limit: 64 << 10, what: "oci-layout of \(name)")
        guard version.imageLayoutVersion.hasPrefix("1.") else {
            throw .notAnImage(
                path: store.path, reason: "unsupported imageLayoutVersion '\(version.imageLayoutVersion)'")
        }
        guard let indexBytes = try store.read("index.json", limit: OCILayoutSource.documentLimit) else {
            throw .missing(what: "index.json", in: name)
        }
        let index = try Blobs.decode(
            Index.self, indexBytes, limit: OCILayoutSource.documentLimit, what: "index.json of \(name)")
        let selected = try OCILayoutSource.select(from: index, tag: tag, source: name)
        if selected.count == 1 {
            rootDescriptor = selected[0]
            rootBytes = nil
        } else if selected.count == index.manifests.count {
            rootDescriptor = Descriptor(
                mediaType: MediaType.ociIndex, digest: Blobs.sha256(indexBytes), size: Int64(indexBytes.count))
            rootBytes = indexBytes
        } else {
            // Several platforms under one tag: an index of just those.
            let bytes = (try? CanonicalJSON.encode(Index(manifests: selected))) ?? []
            rootDescriptor = Descriptor(
                mediaType: MediaType.ociIndex, digest: Blobs.sha256(bytes), size: Int64(bytes.count))
            rootBytes = bytes
        }
    }

    /// The manifests of `index` that the user means.
    static func select(from index: Index, tag: String?, source: String) throws(ImageReadError) -> [Descriptor] {
        let tags = Array(Set(index.manifests.compactMap(\.referenceName))).sorted()
        if let tag {
            let matching = index.manifests.filter {
                $0.referenceName == tag || $0.annotations?[Annotation.containerdImageName] == tag
            }
            guard !matching.isEmpty else { throw .tagNotFound(source: source, tag: tag, available: tags) }
            return matching
        }
        guard !index.manifests.isEmpty else { throw .missing(what: "an image (index.json lists none)", in: source) }
        if index.manifests.count > 1, tags.count > 1 { throw .ambiguousImage(source: source, choices: tags) }
        return index.manifests
    }

    public func root() async throws -> (descriptor: Descriptor, bytes: [UInt8]) {
        if let rootBytes { return (rootDescriptor, rootBytes) }
        return (rootDescriptor, try await fetch(rootDescriptor, limit: OCILayoutSource.documentLimit))
    }

    public func fetch(_ descriptor: Descriptor, limit: Int) async throws -> [UInt8] {
        try Blobs.fetch(descriptor, limit: limit, from: store, source: name)
    }

    public func locate(_ descriptor: Descriptor) async throws -> BlobLocation {
        try Blobs.locate(descriptor, in: store, source: name)
    }

    struct LayoutFile: Decodable {
        var imageLayoutVersion: String
    }
}
