import Synchronization

/// Writes an OCI image layout directory (image-spec `image-layout.md`): `oci-layout`, `blobs/sha256/…`, and
/// `index.json`, whose manifests carry `org.opencontainers.image.ref.name` for their tags.
///
/// Every file is written to a temporary name in its final directory and renamed into place, blobs already present
/// (right name and size) are skipped, and `index.json` is written last, in `commit()`, merged with the one already
/// there: an entry with one of the new tags loses that tag. Writes never leave `directory`.
public final class OCILayoutDestination: ImageDestination {
    public let name: String
    public let directory: String
    private let state = Mutex(State())

    private struct State {
        var entries: [Descriptor] = []
        var committed = false
    }

    /// Opens (creating it when needed) the layout at `directory`.
    public init(directory: String, name: String? = nil) throws {
        self.directory = directory
        self.name = name ?? "oci:\(directory)"
        if DestinationIO.regularFileSize(directory) != nil {
            throw DestinationError.unsupported(
                destination: self.name, reason: "'\(directory)' is a file, not a directory")
        }
        // The layout's own directories and files are never symbolic links: a planted `blobs/sha256 -> elsewhere`
        // would put the blobs (and find "existing" ones) outside the layout.
        try DestinationIO.refuseUnlessDirectoryOrAbsent(directory + "/blobs", destination: self.name)
        try DestinationIO.refuseUnlessDirectoryOrAbsent(directory + "/blobs/sha256", destination: self.name)
        try DestinationIO.refuseUnlessRegularOrAbsent(directory + "/oci-layout", destination: self.name)
        try DestinationIO.refuseUnlessRegularOrAbsent(directory + "/index.json", destination: self.name)
        try DestinationIO.makeDirectories(directory + "/blobs/sha256")
        let marker = directory + "/oci-layout"
        if DestinationIO.regularFileSize(marker) == nil {
            try writeAtomically(Array(#"{"imageLayoutVersion":"1.0.0"}"#.utf8), to: marker)
        }
    }

    func blobPath(_ digest: Digest) throws(DestinationError) -> String {
        guard digest.algorithm == "sha256" else { throw .unsupportedDigest(digest) }
        return "\(directory)/blobs/sha256/\(digest.encoded)"
    }

    public func hasBlob(_ descriptor: Descriptor) async throws -> Bool {
        try hasBlobNow(descriptor)
    }

    func hasBlobNow(_ descriptor: Descriptor) throws(DestinationError) -> Bool {
        // A blob counts as present only as a regular file of the right size, not a link to one.
        DestinationIO.regularFileSizeNotFollowing(try blobPath(descriptor.digest)) == descriptor.size
    }

    public func putBlob(_ descriptor: Descriptor, from location: BlobLocation) async throws {
        try putBlobNow(descriptor) { sink in try copyRegion(location, into: &sink) }
    }

    public func putBlob(_ descriptor: Descriptor, bytes: [UInt8]) async throws {
        try putBlobNow(descriptor) { sink in try sink.write(bytes) }
    }

    /// Writes a blob through `fill`, hashing as it goes; nothing is renamed into place unless the bytes match.
    func putBlobNow(_ descriptor: Descriptor, fill: (inout HashingSink<FileSink>) throws -> Void) throws {
        try checkOpen()
        if try hasBlobNow(descriptor) { return }
        let final = try blobPath(descriptor.digest)
        let temporary = DestinationIO.temporaryName(beside: final)
        var sink = HashingSink(try FileSink(creating: temporary))
        do {
            try fill(&sink)
            try sink.inner.close()
            try BlobCheck.verify(descriptor, count: sink.count, digest: sink.digest, destination: name)
            try DestinationIO.rename(temporary, to: final)
        } catch {
            DestinationIO.remove(temporary)
            throw error
        }
    }

    /// Moves a file the caller wrote and hashed itself (a freshly built layer) into place: the digest and size
    /// the caller computed while writing it are the descriptor's, so it is not read again. The file must be in the
    /// same file system as the layout (use `temporaryBlobPath()`).
    public func adoptBlob(_ descriptor: Descriptor, file: String) throws {
        try checkOpen()
        if try hasBlobNow(descriptor) {
            DestinationIO.remove(file)
            return
        }
        guard DestinationIO.regularFileSize(file) == descriptor.size else {
            throw DestinationError.sizeMismatch(
                destination: name, digest: descriptor.digest, expected: descriptor.size,
                actual: DestinationIO.regularFileSize(file) ?? -1)
        }
        try DestinationIO.rename(file, to: try blobPath(descriptor.digest))
    }

    /// A temporary file name inside the layout, for `adoptBlob`.
    public func temporaryBlobPath() -> String {
        DestinationIO.temporaryName(beside: "\(directory)/blobs/sha256/new")
    }

    public func putManifest(_ descriptor: Descriptor, bytes: [UInt8], tags: [String]) async throws {
        try putBlobNow(descriptor) { sink in try sink.write(bytes) }
        try state.withLock { state throws(DestinationError) in
            guard !state.committed else { throw .alreadyCommitted(name) }
            if tags.isEmpty {
                var entry = descriptor
                entry.annotations?[Annotation.refName] = nil
                state.entries.append(entry)
            }
            for tag in tags {
                var entry = descriptor
                entry.annotations = (entry.annotations ?? [:]).merging([Annotation.refName: tag]) { $1 }
                state.entries.append(entry)
            }
        }
    }

    public func commit() async throws {
        try commitNow()
    }

    func commitNow() throws {
        let entries = try state.withLock { state throws(DestinationError) in
            guard !state.committed else { throw .alreadyCommitted(name) }
            state.committed = true
            return state.entries
        }
        let indexPath = directory + "/index.json"
        var index = Index(manifests: [])
        if DestinationIO.regularFileSize(indexPath) != nil {
            let existing = try DestinationIO.readWholeFile(indexPath, limit: 16 << 20)
            do {
                index = try CanonicalJSON.decode(Index.self, from: existing, what: "\(name)'s index.json")
            } catch {
                throw DestinationError.invalidDocument(destination: name, reason: error.description)
            }
        }
        let newTags = Set(entries.compactMap(\.referenceName))
        index.manifests.removeAll { old in
            if let tag = old.referenceName { return newTags.contains(tag) }
            return entries.contains { $0.digest == old.digest && $0.referenceName == nil }
        }
        index.manifests += entries
        try writeAtomically(try CanonicalJSON.encode(index), to: indexPath)
    }

    private func checkOpen() throws(DestinationError) {
        if state.withLock({ $0.committed }) { throw .alreadyCommitted(name) }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = DestinationIO.temporaryName(beside: path)
    do {
        let sink = try FileSink(creating: temporary)
        try bytes.withUnsafeBytes { buffer in try sink.append(buffer) }
        try sink.close()
        try DestinationIO.rename(temporary, to: path)
    } catch {
        DestinationIO.remove(temporary)
        throw error
    }
}

/// The check every destination makes before a blob becomes visible.
enum BlobCheck {
    static func verify(_ descriptor: Descriptor, count: Int64, digest: Digest, destination: String)
        throws(DestinationError)
    {
        guard count == descriptor.size else {
            throw .sizeMismatch(
                destination: destination, digest: descriptor.digest, expected: descriptor.size, actual: count)
        }
        guard digest == descriptor.digest else {
            throw .digestMismatch(destination: destination, expected: descriptor.digest, actual: digest)
        }
    }
}
