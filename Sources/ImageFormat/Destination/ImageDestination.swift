/// Where images are written: OCI layouts and archives, docker archives, registries.
///
/// Blobs first (skipping what the destination already has), then manifests, then `commit()`. A destination
/// hashes what it writes once, as it writes, and refuses a blob whose bytes do not match its descriptor.
public protocol ImageDestination: Sendable {
    /// How the user named the destination, for messages.
    var name: String { get }

    /// Whether the destination already holds the blob (a registry's HEAD, a layout's file).
    func hasBlob(_ descriptor: Descriptor) async throws -> Bool

    /// Stores a blob from a local file region.
    func putBlob(_ descriptor: Descriptor, from location: BlobLocation) async throws

    /// Stores a small blob (config, manifest referenced by an index) from memory.
    func putBlob(_ descriptor: Descriptor, bytes: [UInt8]) async throws

    /// Stores the root manifest or index with its exact bytes, under `tags` (none: by digest only).
    func putManifest(_ descriptor: Descriptor, bytes: [UInt8], tags: [String]) async throws

    /// Finishes: writes index.json or manifest.json, closes the archive. Nothing is visible before.
    func commit() async throws
}
