import FoundationEssentials
import ImageFormat

/// Everything needed to reach registries, built once from the command line: transport, credentials, options.
public struct RegistryAccess: Sendable {
    public var http: any HTTPClient
    public var store: CredentialStore
    public var options: RegistryOptions
    /// `--cache DIR`: downloaded blobs are kept and reused there; otherwise they go to a temporary directory
    /// removed when the source is released.
    public var cacheDirectory: String?

    public init(
        http: any HTTPClient = CurlHTTPClient(), store: CredentialStore, options: RegistryOptions = .init(),
        cacheDirectory: String? = nil
    ) {
        self.http = http
        self.store = store
        self.options = options
        self.cacheDirectory = cacheDirectory
    }

    /// A client for the registry of `reference`.
    public func client(for reference: RegistryReference) throws -> RegistryClient {
        try RegistryClient(for: reference, http: http, store: store, options: options)
    }

    /// The source for a registry reference (the text after `docker://`, or a bare reference).
    public func source(_ text: String) throws -> RegistrySource {
        let reference = try RegistryReference(parsing: text)
        return try RegistrySource(
            reference: reference, client: try client(for: reference), cacheDirectory: cacheDirectory)
    }

    /// What `ImageSources.open(_:registry:)` takes to open registry references (inspect, layers, copy).
    public var sourceFactory: @Sendable (String) async throws -> any ImageSource {
        let access = self
        return { text in try access.source(text) }
    }
}
