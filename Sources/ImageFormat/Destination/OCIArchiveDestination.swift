import Synchronization

/// Writes an OCI image layout packed in a tar (`oci-archive:FILE[:TAG]`), as skopeo and podman read it.
///
/// Blobs stream into the archive as they arrive; `commit()` adds `index.json` and `oci-layout` and renames the
/// finished file into place.
public final class OCIArchiveDestination: TarArchiveDestination {
    public let name: String
    let archive: TarArchiveWriter
    private let entries = Mutex<[Descriptor]>([])

    public init(path: String, name: String? = nil) throws(DestinationError) {
        self.name = name ?? "oci-archive:\(path)"
        archive = try TarArchiveWriter(path: path, name: self.name)
    }

    public func putManifest(_ descriptor: Descriptor, bytes: [UInt8], tags: [String]) async throws {
        try archive.putBlob(descriptor) { sink in try sink.write(bytes) }
        entries.withLock { entries in
            if tags.isEmpty { entries.append(descriptor) }
            for tag in tags {
                var entry = descriptor
                entry.annotations = (entry.annotations ?? [:]).merging([Annotation.refName: tag]) { $1 }
                entries.append(entry)
            }
        }
    }

    public func commit() async throws {
        let index = Index(manifests: entries.withLock { $0 })
        try archive.commit(files: [
            ("index.json", try CanonicalJSON.encode(index)),
            ("oci-layout", Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8)),
        ])
    }
}
