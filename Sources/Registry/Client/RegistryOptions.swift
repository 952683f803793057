/// How the client reaches registries.
public struct RegistryOptions: Sendable {
    /// Use plain HTTP for every registry (`--plain-http`).
    public var plainHTTP: Bool
    /// Hosts (`host` or `host:port`) allowed over plain HTTP (`--insecure-registry`). Loopback always is.
    public var insecureRegistries: Set<String>
    /// Retries after 429, 5xx and connection errors, with exponential backoff (honouring Retry-After).
    public var retries: Int
    /// The first backoff; doubled each retry.
    public var retryDelay: Duration
    /// The longest Retry-After honoured.
    public var maxRetryAfter: Duration
    /// Upload blobs in PATCH chunks of this many bytes instead of one PUT (regions of archives always use chunks).
    public var chunkSize: Int?
    /// The chunk size for blobs that are regions of an archive or larger than it (each chunk is read into memory:
    /// `--jobs` × this at most).
    public var regionChunkSize: Int

    public init(
        plainHTTP: Bool = false, insecureRegistries: Set<String> = [], retries: Int = 3,
        retryDelay: Duration = .milliseconds(250), maxRetryAfter: Duration = .seconds(60), chunkSize: Int? = nil,
        regionChunkSize: Int = 16 << 20
    ) {
        self.plainHTTP = plainHTTP
        self.insecureRegistries = insecureRegistries
        self.retries = retries
        self.retryDelay = retryDelay
        self.maxRetryAfter = maxRetryAfter
        self.chunkSize = chunkSize
        self.regionChunkSize = regionChunkSize
    }

    /// Whether plain HTTP may be used for `host` (`host:port`).
    public func allowsPlainHTTP(_ host: String) -> Bool {
        plainHTTP || Loopback.contains(host) || insecureRegistries.contains(host)
            || insecureRegistries.contains(Loopback.hostOnly(host))
    }
}
