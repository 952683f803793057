import FoundationEssentials
import ImageFormat
import Synchronization

/// A repository in a registry, written as an `ImageDestination`: HEAD each blob, mount it from a repository known
/// to have it when it is missing, upload otherwise; manifests go under their digest (children of an index) and
/// then under each tag.
public final class RegistryDestination: ImageDestination {
    public let reference: RegistryReference
    public let client: RegistryClient
    /// Repositories on the same registry that may hold the blobs (the copy's source, `--mount-from`).
    public let mountSources: [String]
    private let counters = Mutex(Statistics())

    /// What a push did with its blobs.
    public struct Statistics: Sendable, Hashable {
        public var present = 0
        public var mounted = 0
        public var uploaded = 0
        public var uploadedBytes: Int64 = 0
    }

    public var statistics: Statistics { counters.withLock { $0 } }

    public var name: String { "docker://\(reference)" }

    public init(reference: RegistryReference, client: RegistryClient, mountSources: [String] = []) {
        self.reference = reference
        self.client = client
        self.mountSources = mountSources.filter { $0 != reference.repository }
    }

    /// The tags the reference names: its tag, `latest` when it names nothing, none when pinned by digest only.
    public var tags: [String] {
        if let tag = reference.tag { return [tag] }
        return reference.digest == nil ? ["latest"] : []
    }

    public func hasBlob(_ descriptor: Descriptor) async throws -> Bool {
        let present = try await client.blobExists(
            reference.repository, digest: descriptor.digest, scopes: [RegistryClient.pushScope(reference.repository)])
        if present { counters.withLock { $0.present += 1 } }
        return present
    }

    /// Tries a cross-repository mount from the first known source: true when mounted; otherwise the upload
    /// session the registry opened instead (202), if any.
    private func mount(_ descriptor: Descriptor) async throws -> (mounted: Bool, session: URL?) {
        guard let source = mountSources.first else { return (false, nil) }
        switch try await client.mountBlob(reference.repository, digest: descriptor.digest, from: source) {
        case .mounted:
            counters.withLock { $0.mounted += 1 }
            return (true, nil)
        case .uploadStarted(let url):
            return (false, url)
        }
    }

    public func putBlob(_ descriptor: Descriptor, from location: BlobLocation) async throws {
        let (mounted, session) = try await mount(descriptor)
        if mounted { return }
        try await client.uploadBlob(reference.repository, descriptor, from: location, session: session)
        counters.withLock {
            $0.uploaded += 1
            $0.uploadedBytes += descriptor.size
        }
    }

    public func putBlob(_ descriptor: Descriptor, bytes: [UInt8]) async throws {
        if MediaType.isManifest(descriptor.mediaType) || MediaType.isIndex(descriptor.mediaType) {
            try await putManifest(descriptor, bytes: bytes, tags: [])
            return
        }
        let (mounted, session) = try await mount(descriptor)
        if mounted { return }
        try await client.uploadBlob(reference.repository, descriptor, bytes: bytes, session: session)
        counters.withLock {
            $0.uploaded += 1
            $0.uploadedBytes += descriptor.size
        }
    }

    public func putManifest(_ descriptor: Descriptor, bytes: [UInt8], tags: [String]) async throws {
        for target in tags.isEmpty ? [descriptor.digest.description] : tags {
            let stored = try await client.putManifest(
                reference.repository, reference: target, mediaType: descriptor.mediaType, bytes: bytes)
            if let stored, stored != descriptor.digest.description {
                throw RegistryError.digestMismatch(
                    what: "the manifest pushed to \(reference.repository):\(target)",
                    expected: descriptor.digest.description, actual: stored)
            }
        }
    }

    public func commit() async throws {}
}
