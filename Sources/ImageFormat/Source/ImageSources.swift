/// Opens the source an `ImageLocation` names.
public enum ImageSources {
    /// Opens `location`. Registry references go to `registry` (the Registry module's client, passed in so that
    /// ImageFormat does not depend on it); without one they are an error.
    ///
    /// A bare path is detected from its content: a directory with an `oci-layout` file is an OCI layout; a tar
    /// with `manifest.json` is a `docker save` archive (legacy or Docker ≥ 25); a tar with `index.json` and
    /// `oci-layout` is an OCI archive.
    public static func open(
        _ location: ImageLocation, registry: (@Sendable (String) async throws -> any ImageSource)? = nil
    ) async throws -> any ImageSource {
        switch location {
        case .dockerArchive(let path):
            return try DockerArchiveSource(path: try existingFile(path))
        case .oci(let path, let tag):
            guard SystemFile.kind(of: path) == .directory else {
                throw ImageReadError.notAnImage(path: path, reason: "an OCI layout must be a directory")
            }
            return try OCILayoutSource(directory: path, tag: tag)
        case .ociArchive(let path, let tag):
            return try OCILayoutSource(archive: try existingFile(path), tag: tag)
        case .registry(let reference):
            guard let registry else { throw ImageReadError.registryUnsupported(reference: reference) }
            return try await registry(reference)
        case .localPath(let path):
            return try detect(path)
        }
    }

    /// The source for a bare path, from its content.
    public static func detect(_ path: String) throws(ImageReadError) -> any ImageSource {
        switch SystemFile.kind(of: path) {
        case .directory:
            let store = DirectoryStore(path: path)
            guard try store.locate("oci-layout") != nil else {
                throw .notAnImage(path: path, reason: "the directory has no oci-layout file (not an OCI image layout)")
            }
            return try OCILayoutSource(store: store, tag: nil, name: path)
        case .file:
            let index = try TarArchiveIndex(path: path)
            if index.contains("manifest.json") { return try DockerArchiveSource(index: index, name: path) }
            if index.contains("index.json"), index.contains("oci-layout") {
                return try OCILayoutSource(store: ArchiveStore(index: index), tag: nil, name: path)
            }
            throw .notAnImage(
                path: path, reason: "the archive has neither manifest.json (docker save) nor index.json and oci-layout")
        case .missing:
            throw .io(path: path, operation: "open", errno: SystemFile.noSuchFile)
        case .other:
            throw .notAnImage(path: path, reason: "it is neither a file nor a directory")
        }
    }

    private static func existingFile(_ path: String) throws(ImageReadError) -> String {
        switch SystemFile.kind(of: path) {
        case .file: return path
        case .missing: throw .io(path: path, operation: "open", errno: SystemFile.noSuchFile)
        default: throw .notAnImage(path: path, reason: "an archive must be a file")
        }
    }
}
