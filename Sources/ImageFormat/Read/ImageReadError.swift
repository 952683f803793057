/// What can go wrong reading an image: its archive or layout, its documents, its layers. Every case names the
/// file, layer or entry, so the user can tell which input is broken. The CLI maps all of them to exit code 2.
public enum ImageReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A system call on `path` failed.
    case io(path: String, operation: String, errno: Int32)
    /// A tar stream is malformed: `layer` names the stream (a layer or an archive file), `entry` the last entry
    /// path seen (nil before the first), `offset` the byte offset in the uncompressed tar where it went wrong.
    case tar(layer: String, entry: String?, offset: Int64, problem: TarProblem)
    /// A compressed stream is corrupt or truncated.
    case decompression(layer: String, compression: LayerCompression, reason: String)
    /// The media type says one compression, the first bytes show another.
    case compressionMismatch(layer: String, declared: LayerCompression, actual: LayerCompression?)
    /// libzstd could not be loaded.
    case zstdUnavailable(reason: String)
    /// The input is not an image in the format it was named as (or none we can detect).
    case notAnImage(path: String, reason: String)
    /// A file the format requires is missing (`manifest.json`, `index.json`, a blob).
    case missing(what: String, in: String)
    /// A document or blob is larger than we are willing to read into memory.
    case tooLarge(what: String, size: Int64, limit: Int64)
    /// A blob's size or digest does not match its descriptor.
    case digestMismatch(what: String, expected: Digest, actual: Digest)
    case sizeMismatch(what: String, expected: Int64, actual: Int64)
    /// A layer's uncompressed content does not hash to the DiffID the config lists.
    case diffIDMismatch(layer: String, expected: Digest, actual: Digest)
    /// Several images match and nothing says which one is wanted.
    case ambiguousImage(source: String, choices: [String])
    /// The requested tag is not in the layout or archive.
    case tagNotFound(source: String, tag: String, available: [String])
    /// The requested platform is not in the index, or there are several and none was requested.
    case platformNotFound(source: String, wanted: Platform, available: [Platform])
    case ambiguousPlatform(source: String, available: [Platform])
    /// A descriptor or document has a media type that is not what its place requires.
    case unexpectedMediaType(what: String, mediaType: String, expected: String)
    /// The manifest and config disagree (layer count vs DiffIDs), or another structural problem.
    case inconsistent(what: String, reason: String)
    /// A JSON document could not be decoded.
    case document(JSONDecodeError)
    /// Registry references need the registry client, which was not provided.
    case registryUnsupported(reference: String)
    /// A file of a layout directory is a symbolic link, or is reached through one.
    case symbolicLink(path: String, root: String)
    /// A file of a layout directory is not a regular file (a FIFO, a device, a directory).
    case notRegularFile(path: String, root: String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let errno):
            "cannot \(operation) '\(path)': \(SystemFile.describe(errno: errno))"
        case .tar(let layer, let entry, let offset, let problem):
            "\(layer): " + (entry.map { "after entry '\($0)', " } ?? "") + "at tar offset \(offset): \(problem)"
        case .decompression(let layer, let compression, let reason):
            "\(layer): the \(compression.rawValue) stream is corrupt: \(reason)"
        case .compressionMismatch(let layer, let declared, let actual):
            "\(layer): the media type says \(declared == .none ? "uncompressed" : declared.rawValue) but the bytes are "
                + (actual.map { $0 == .none ? "not compressed" : "\($0.rawValue)-compressed" } ?? "unrecognised")
                + "; the image is mislabelled or corrupt"
        case .zstdUnavailable(let reason):
            "cannot read zstd-compressed layers: \(reason); install libzstd1 (Debian/Ubuntu: apt-get install libzstd1)"
        case .notAnImage(let path, let reason):
            "'\(path)' is not an image: \(reason)"
        case .missing(let what, let container):
            "\(container): \(what) is missing"
        case .tooLarge(let what, let size, let limit):
            "\(what) is \(size) bytes, over the limit of \(limit) bytes"
        case .digestMismatch(let what, let expected, let actual):
            "\(what) is corrupt: its digest is \(actual), expected \(expected)"
        case .sizeMismatch(let what, let expected, let actual):
            "\(what) is \(actual) bytes, its descriptor says \(expected)"
        case .diffIDMismatch(let layer, let expected, let actual):
            "\(layer) is corrupt: its uncompressed content hashes to \(actual), the config's DiffID is \(expected)"
        case .ambiguousImage(let source, let choices):
            "\(source) holds several images and nothing says which one to read: \(choices.joined(separator: ", ")); "
                + "name one by its tag (oci:PATH:TAG, oci-archive:PATH:TAG) or keep one image per archive or layout"
        case .tagNotFound(let source, let tag, let available):
            "\(source) has no image tagged '\(tag)'; "
                + (available.isEmpty ? "it has no tags" : "tags: \(available.joined(separator: ", "))")
        case .platformNotFound(let source, let wanted, let available):
            "\(source) has no image for platform \(wanted); available: "
                + available.map(\.description).joined(separator: ", ")
        case .ambiguousPlatform(let source, let available):
            "\(source) holds images for several platforms and none is this machine's; choose one with --platform: "
                + available.map(\.description).joined(separator: ", ")
        case .unexpectedMediaType(let what, let mediaType, let expected):
            "\(what) has media type '\(mediaType)', expected \(expected)"
        case .inconsistent(let what, let reason):
            "\(what) is inconsistent: \(reason)"
        case .document(let error):
            error.description
        case .registryUnsupported(let reference):
            "cannot read '\(reference)': registry images are not supported by this command"
        case .symbolicLink(let path, let root):
            "'\(path)' is a symbolic link or is reached through one: the files of the layout '\(root)' are read "
                + "only inside it, never through links (copy the layout with the links resolved if you trust it)"
        case .notRegularFile(let path, let root):
            "'\(path)' in the layout '\(root)' is not a regular file"
        }
    }
}

/// What is wrong in a tar stream.
public enum TarProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream ends inside a header or an entry's content.
    case truncated
    /// The header checksum does not match its bytes.
    case badChecksum
    /// A numeric field holds something that is neither octal nor base-256.
    case badNumber(field: String, value: String)
    /// A size (content, long name, PAX header, sparse map) that no honest archive has.
    case absurdSize(field: String, value: Int64)
    /// A path that would leave the root (`../x`, `a/../../b`) or is absolute (`/abs`), or is empty.
    case unsafePath(String)
    /// A malformed PAX record or GNU long name or sparse map.
    case badExtendedHeader(String)
    /// An entry path or link target longer than `TarReader.maxPathLength` bytes.
    case pathTooLong(excerpt: String, length: Int, limit: Int)
    /// An entry path with more than `TarReader.maxPathDepth` levels.
    case pathTooDeep(excerpt: String, depth: Int, limit: Int)
    /// A PAX global header carrying more than the reader keeps for later entries.
    case globalHeaderTooLarge(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .truncated: "the archive is truncated"
        case .badChecksum: "header checksum mismatch (not a tar archive, or corrupt)"
        case .badNumber(let field, let value): "header field \(field) is not a number: '\(value)'"
        case .absurdSize(let field, let value): "\(field) of \(value) bytes is not plausible"
        case .unsafePath(let path):
            "entry path '\(path)' is absolute or leaves the image root; layers must use relative paths inside it"
        case .badExtendedHeader(let reason): "malformed extended header: \(reason)"
        case .pathTooLong(let excerpt, let length, let limit):
            "entry path '\(excerpt)' is \(length) bytes, over the limit of \(limit) (Linux's PATH_MAX); "
                + "no runtime can unpack it"
        case .pathTooDeep(let excerpt, let depth, let limit):
            "entry path '\(excerpt)' is \(depth) directories deep, over the limit of \(limit)"
        case .globalHeaderTooLarge(let size, let limit):
            "a PAX global header of \(size) bytes is over the limit of \(limit) bytes"
        }
    }
}
