/// Where an image is, in the one spelling every command takes (PRODUCT.md, "Image references").
public enum ImageLocation: Sendable, Hashable, CustomStringConvertible {
    /// `docker-archive:PATH`: a `docker save` tarball (legacy layout or Docker ≥ 25's OCI-in-tar layout).
    case dockerArchive(path: String)
    /// `oci:PATH[:TAG]`: an OCI image layout directory, optionally selecting the manifest tagged TAG.
    case oci(path: String, tag: String?)
    /// `oci-archive:PATH[:TAG]`: an OCI image layout packed in a tar.
    case ociArchive(path: String, tag: String?)
    /// `docker://REF` or a bare `REGISTRY/REPO[:TAG][@DIGEST]`: the reference text, parsed by the registry client.
    case registry(String)
    /// A bare path that exists: its kind is detected from its content.
    case localPath(String)

    /// Parses an IMAGE argument.
    ///
    /// Prefixes follow containers/image's transports (`docker-archive:`, `oci:`, `oci-archive:`, `docker://`).
    /// For `oci:` and `oci-archive:` the path ends at the first `:` as in containers/image's layout transport, so
    /// paths with a colon cannot take a tag. A bare argument that names an existing file or directory is a local
    /// path; anything else is a registry reference.
    public init(parsing argument: String, fileExists: (String) -> Bool) throws(ImageFormatError) {
        func split(_ rest: Substring) -> (String, String?) {
            guard let colon = rest.firstIndex(of: ":") else { return (String(rest), nil) }
            let tag = String(rest[rest.index(after: colon)...])
            return (String(rest[..<colon]), tag.isEmpty ? nil : tag)
        }
        func nonEmpty(_ path: String) throws(ImageFormatError) -> String {
            guard !path.isEmpty else { throw .invalidReference(argument, reason: "the path is empty") }
            return path
        }
        if argument.hasPrefix("docker-archive:") {
            self = .dockerArchive(path: try nonEmpty(String(argument.dropFirst("docker-archive:".count))))
        } else if argument.hasPrefix("oci-archive:") {
            let (path, tag) = split(argument.dropFirst("oci-archive:".count))
            self = .ociArchive(path: try nonEmpty(path), tag: tag)
        } else if argument.hasPrefix("oci:") {
            let (path, tag) = split(argument.dropFirst("oci:".count))
            self = .oci(path: try nonEmpty(path), tag: tag)
        } else if argument.hasPrefix("docker://") {
            let reference = String(argument.dropFirst("docker://".count))
            guard !reference.isEmpty else { throw .invalidReference(argument, reason: "the reference is empty") }
            self = .registry(reference)
        } else if argument.isEmpty {
            throw .invalidReference(argument, reason: "it is empty")
        } else if fileExists(argument) {
            self = .localPath(argument)
        } else {
            self = .registry(argument)
        }
    }

    public var description: String {
        switch self {
        case .dockerArchive(let path): "docker-archive:\(path)"
        case .oci(let path, let tag): "oci:\(path)" + (tag.map { ":\($0)" } ?? "")
        case .ociArchive(let path, let tag): "oci-archive:\(path)" + (tag.map { ":\($0)" } ?? "")
        case .registry(let reference): "docker://\(reference)"
        case .localPath(let path): path
        }
    }
}
