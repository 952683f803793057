import Crypto

/// Passes a stream through while hashing it with SHA-256 (for `--verify`: blob digests and DiffIDs).
/// Skipping reads (every byte must be hashed).
public final class HashingStream: ByteStream {
    private let inner: any ByteStream
    private var hasher = SHA256()
    /// Bytes that went through.
    public private(set) var count: Int64 = 0

    public init(_ inner: any ByteStream) {
        self.inner = inner
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        let got = try inner.read(into: buffer)
        if got > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            count += Int64(got)
        }
        return got
    }

    public func skip(_ count: Int64) throws(ImageReadError) -> Int64 {
        try skipByReading(count)
    }

    /// The digest of everything read so far.
    public var digest: Digest { Digest(sha256: hasher.finalize()) }
}
