import FoundationEssentials
import ImageFormat

/// An image in a registry, read as an `ImageSource`. Blobs asked for by `locate` are downloaded into a private
/// temporary directory (verified while streaming) that `removeTemporaryFiles()` or deinit deletes, or into
/// `cacheDirectory` (`--cache DIR`), which is kept and reused.
public final class RegistrySource: ImageSource {
    public let reference: RegistryReference
    public let client: RegistryClient
    public let directory: String
    private let keep: Bool

    public var name: String { "docker://\(reference)" }

    public init(reference: RegistryReference, client: RegistryClient, cacheDirectory: String? = nil) throws {
        self.reference = reference
        self.client = client
        if let cacheDirectory {
            do {
                try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            } catch {
                throw RegistryError.io(path: cacheDirectory, reason: errorReason(error))
            }
            directory = cacheDirectory
            keep = true
        } else {
            let prefix = "shipshape-registry"
            do { directory = try TemporaryDirectories.make(prefix: prefix) } catch {
                throw RegistryError.io(path: FileManager.default.temporaryDirectory.path, reason: errorReason(error))
            }
            keep = false
        }
    }

    deinit { removeTemporaryFiles() }

    /// Deletes the downloaded blobs unless they live in a cache directory.
    public func removeTemporaryFiles() {
        guard !keep else { return }
        TemporaryDirectories.remove(directory)
    }

    public func root() async throws -> (descriptor: Descriptor, bytes: [UInt8]) {
        try await client.manifest(reference.repository, reference: reference.reference)
    }

    public func fetch(_ descriptor: Descriptor, limit: Int) async throws -> [UInt8] {
        if MediaType.isManifest(descriptor.mediaType) || MediaType.isIndex(descriptor.mediaType) {
            guard descriptor.size <= Int64(min(limit, RegistryClient.manifestLimit)) else {
                throw RegistryError.tooLarge(what: "the manifest \(descriptor.digest)", limit: limit)
            }
            let (found, bytes) = try await client.manifest(
                reference.repository, reference: descriptor.digest.description)
            guard found.size == descriptor.size else {
                throw RegistryError.sizeMismatch(
                    what: "the manifest \(descriptor.digest)", expected: descriptor.size, actual: found.size)
            }
            return bytes
        }
        return try await client.fetchBlob(reference.repository, descriptor, limit: limit)
    }

    /// Whether the file at `path` is a regular file (not a symbolic link) whose bytes hash to `descriptor`'s digest.
    static func cachedBlobMatches(_ path: String, _ descriptor: Descriptor) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let file = try? SystemFile(reading: path)
        else { return false }
        var digester = StreamingDigester(algorithm: descriptor.digest.algorithm)
        var offset: Int64 = 0
        while let chunk = try? file.readBytes(count: 1 << 20, at: offset), !chunk.isEmpty {
            chunk.withUnsafeBytes { digester.update($0) }
            offset += Int64(chunk.count)
        }
        return digester.count == descriptor.size && digester.finalize() == descriptor.digest.description
    }

    /// Streams a blob to `path`, verified; on failure nothing is left there.
    public func download(_ descriptor: Descriptor, to path: String) async throws {
        try await client.downloadBlob(reference.repository, descriptor, to: path)
    }

    public func locate(_ descriptor: Descriptor) async throws -> BlobLocation {
        let path = directory + "/" + descriptor.digest.algorithm + "-" + descriptor.digest.encoded
        if keep, RegistryClient.fileSize(path) == descriptor.size {
            // Our files reach their final name only after their digest was verified, but a shared cache directory
            // can hold a file someone else planted under that name (issue 18 row 13): a cached blob is used only
            // when it is a regular file (not a link) whose bytes hash to the digest, one read of it; otherwise it
            // is fetched again.
            if Self.cachedBlobMatches(path, descriptor) { return BlobLocation(path: path, length: descriptor.size) }
        }
        let partial = path + ".partial-" + UUID().uuidString
        try await client.downloadBlob(reference.repository, descriptor, to: partial)
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw RegistryError.io(path: path, reason: errorReason(error))
        }
        return BlobLocation(path: path, length: descriptor.size)
    }
}
