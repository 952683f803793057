import Crypto

/// Hashes (SHA-256) and counts what passes through on the way to `inner`: digests come from the bytes written,
/// once, as they are written.
public struct HashingSink<Inner: ByteSink>: ByteSink {
    public var inner: Inner
    private var hasher = SHA256()
    public private(set) var count: Int64 = 0

    public init(_ inner: Inner) {
        self.inner = inner
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        count += Int64(bytes.count)
        try inner.write(bytes)
    }

    /// The digest of everything written so far.
    public var digest: Digest { Digest(sha256: hasher.finalize()) }
}

/// A sink that keeps nothing (for hashing or measuring alone).
public struct DiscardingSink: ByteSink, Sendable {
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) throws {}
}
