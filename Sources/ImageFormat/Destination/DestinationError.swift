/// What can go wrong writing an image: a file that cannot be created, a blob whose bytes do not match its
/// descriptor, a document a destination cannot hold.
public enum DestinationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A system call failed on `path`.
    case system(operation: String, path: String, errno: Int32)
    /// The bytes given for a blob do not hash to its descriptor's digest.
    case digestMismatch(destination: String, expected: Digest, actual: Digest)
    /// The bytes given for a blob are not as many as its descriptor says.
    case sizeMismatch(destination: String, digest: Digest, expected: Int64, actual: Int64)
    /// Only sha256 blobs can be written.
    case unsupportedDigest(Digest)
    /// The destination cannot hold what it was given.
    case unsupported(destination: String, reason: String)
    /// A document the destination must read (an existing index.json, a manifest) is not valid.
    case invalidDocument(destination: String, reason: String)
    /// Something was written after `commit()`.
    case alreadyCommitted(String)

    public var description: String {
        switch self {
        case .system(let operation, let path, let errno):
            "cannot \(operation) '\(path)': \(DestinationIO.message(errno)) (errno \(errno))"
        case .digestMismatch(let destination, let expected, let actual):
            "refusing to write blob \(expected) to \(destination): its bytes hash to \(actual); the source is corrupt"
        case .sizeMismatch(let destination, let digest, let expected, let actual):
            "refusing to write blob \(digest) to \(destination): its descriptor says \(expected) bytes, "
                + "\(actual) were given; the source is corrupt"
        case .unsupportedDigest(let digest):
            "cannot write blob '\(digest)': only sha256 digests are written"
        case .unsupported(let destination, let reason):
            "cannot write to \(destination): \(reason)"
        case .invalidDocument(let destination, let reason):
            "cannot write to \(destination): \(reason)"
        case .alreadyCommitted(let destination):
            "\(destination) is already committed: nothing more can be written to it"
        }
    }
}
