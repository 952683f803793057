import Synchronization

/// The tar file behind `oci-archive:` and `docker-archive:` destinations: blobs stream into
/// `blobs/sha256/<hex>` members as they arrive (hashed on the way, so a blob whose bytes do not match its
/// descriptor fails the archive), small documents are added by `commit`, and only then is the temporary file
/// renamed to the path the user gave. Until then nothing is visible; an archive that is never committed is removed.
///
/// Members are written in the order blobs arrive, each at most once, with fixed modes, owners and mtimes, so the
/// same sequence of calls gives the same archive bytes.
final class TarArchiveWriter: Sendable {
    let path: String
    let name: String
    private let temporary: String
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var writer: TarWriter<FileSink>?
        var written: Set<Digest> = []
        var directoriesWritten = false
        var failure: String?
        var committed = false
    }

    init(path: String, name: String) throws(DestinationError) {
        self.path = path
        self.name = name
        if DestinationIO.isDirectory(path) {
            throw .unsupported(destination: name, reason: "'\(path)' is a directory; an archive is a file")
        }
        // The archive is renamed over `path` at the end: a FIFO, a device or a link there would be destroyed.
        try DestinationIO.refuseUnlessRegularOrAbsent(path, destination: name)
        try DestinationIO.makeDirectories(DestinationIO.parentDirectory(of: path))
        temporary = DestinationIO.temporaryName(beside: path)
        state = Mutex(State(writer: TarWriter(sink: try FileSink(creating: temporary))))
    }

    deinit {
        let done = state.withLock { $0.committed }
        if !done {
            state.withLock { $0.writer = nil }
            DestinationIO.remove(temporary)
        }
    }

    static func member(_ digest: Digest) throws(DestinationError) -> String {
        guard digest.algorithm == "sha256" else { throw .unsupportedDigest(digest) }
        return "blobs/sha256/\(digest.encoded)"
    }

    func has(_ digest: Digest) -> Bool {
        state.withLock { $0.written.contains(digest) }
    }

    /// Appends a blob through `fill`, hashing its bytes; a mismatch fails the whole archive.
    func putBlob(_ descriptor: Descriptor, fill: (inout HashingSink<TarContentSink>) throws -> Void) throws {
        let member = try TarArchiveWriter.member(descriptor.digest)
        try state.withLock { state in
            guard !state.committed else { throw DestinationError.alreadyCommitted(name) }
            if let failure = state.failure { throw DestinationError.unsupported(destination: name, reason: failure) }
            if state.written.contains(descriptor.digest) { return }
            guard var writer = state.writer else { throw DestinationError.alreadyCommitted(name) }
            state.writer = nil
            do {
                if !state.directoriesWritten {
                    try writer.append(TarEntry(path: "blobs/", kind: .directory, mode: 0o755))
                    try writer.append(TarEntry(path: "blobs/sha256/", kind: .directory, mode: 0o755))
                    state.directoriesWritten = true
                }
                try writer.begin(TarEntry(path: member, kind: .regular, size: descriptor.size, mode: 0o644))
                var content = HashingSink(TarContentSink(writer: writer, destination: name, digest: descriptor))
                try fill(&content)
                writer = content.inner.writer
                try BlobCheck.verify(descriptor, count: content.count, digest: content.digest, destination: name)
                try writer.end()
            } catch {
                state.failure = "an earlier blob failed: \(error)"
                throw error
            }
            state.writer = writer
            state.written.insert(descriptor.digest)
        }
    }

    /// Adds the closing documents, ends the tar and renames it into place.
    func commit(files: [(String, [UInt8])]) throws {
        try state.withLock { state in
            guard !state.committed else { throw DestinationError.alreadyCommitted(name) }
            if let failure = state.failure { throw DestinationError.unsupported(destination: name, reason: failure) }
            guard var writer = state.writer else { throw DestinationError.alreadyCommitted(name) }
            state.writer = nil
            for (member, bytes) in files {
                try writer.append(
                    TarEntry(path: member, kind: .regular, size: Int64(bytes.count), mode: 0o644), content: bytes)
            }
            let sink = try writer.finish()
            try sink.close()
            try DestinationIO.rename(temporary, to: path)
            state.committed = true
        }
    }
}

/// Feeds a blob's bytes into the current tar member, refusing more than its descriptor declares.
struct TarContentSink: ByteSink {
    var writer: TarWriter<FileSink>
    let destination: String
    let digest: Descriptor
    private var count: Int64 = 0

    init(writer: TarWriter<FileSink>, destination: String, digest: Descriptor) {
        self.writer = writer
        self.destination = destination
        self.digest = digest
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        count += Int64(bytes.count)
        guard count <= digest.size else {
            throw DestinationError.sizeMismatch(
                destination: destination, digest: digest.digest, expected: digest.size, actual: count)
        }
        try writer.writeContent(bytes)
    }
}

/// A destination packed in one tar file: blobs go straight into its `TarArchiveWriter`; each kind of archive adds
/// only its manifests and the documents `commit` writes.
protocol TarArchiveDestination: ImageDestination {
    var archive: TarArchiveWriter { get }
}

extension TarArchiveDestination {
    public func hasBlob(_ descriptor: Descriptor) async throws -> Bool {
        archive.has(descriptor.digest)
    }

    public func putBlob(_ descriptor: Descriptor, from location: BlobLocation) async throws {
        try archive.putBlob(descriptor) { sink in try copyRegion(location, into: &sink) }
    }

    public func putBlob(_ descriptor: Descriptor, bytes: [UInt8]) async throws {
        try archive.putBlob(descriptor) { sink in try sink.write(bytes) }
    }
}
