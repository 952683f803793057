/// A region of a local file that holds a blob's bytes: a file of an OCI layout, a member of a tar archive, or a
/// temporary file a registry download was streamed (and verified) into.
public struct BlobLocation: Sendable, Hashable {
    public var path: String
    public var offset: Int64
    public var length: Int64
    /// The layout directory the file must be inside (opened without following links below it), when it is a
    /// layout's blob; `path` is then `root/relative`.
    public var root: String?
    public var relative: String?

    public init(path: String, offset: Int64 = 0, length: Int64) {
        self.path = path
        self.offset = offset
        self.length = length
    }

    /// A file of the layout directory `root`.
    public init(relative: String, beneath root: String, length: Int64) {
        self.path = root.hasSuffix("/") ? root + relative : root + "/" + relative
        self.offset = 0
        self.length = length
        self.root = root
        self.relative = relative
    }
}

/// Where images are read from: docker archives, OCI layouts and archives, registries.
///
/// A source hands out the root document (an index or a manifest) with its exact bytes, so `copy` can preserve
/// digests, and blobs either as bytes (small JSON documents, size-checked) or as a file region (layers, which are
/// streamed and, for uncompressed ones, seeked through instead of read).
public protocol ImageSource: Sendable {
    /// How the user named the image, for messages (`docker-archive:app.tar`).
    var name: String { get }

    /// The root document: an index (or manifest list), or a single manifest; its descriptor and exact bytes.
    func root() async throws -> (descriptor: Descriptor, bytes: [UInt8])

    /// The bytes of a small blob (manifest, index, config): at most `limit` bytes, else an error.
    func fetch(_ descriptor: Descriptor, limit: Int) async throws -> [UInt8]

    /// A file region holding the blob, for streaming.
    func locate(_ descriptor: Descriptor) async throws -> BlobLocation
}
