import FoundationEssentials
import ImageFormat
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A blob's file opened once for the whole of its upload, hashing exactly the bytes that are sent (issue 18: the
/// TOCTOU on push paths). Every chunk and every retry reads the same descriptor, so a file replaced after its
/// digest was taken (renamed over, a symlink swapped) is never reopened; and a file rewritten in place is caught
/// when its last byte is due: the transfer is aborted before it, so the registry never receives a whole blob that
/// is not the one named, and no closing PUT is sent. Transfers of one upload run one after another (chunks in
/// order, each retried as a whole), so the digest is kept at the end of the chunks the registry accepted and
/// restarted from there by each transfer.
public final class BlobUpload: Sendable, Hashable {
    public let path: String
    let descriptor: Int32
    /// Where the blob starts in the file, and its length.
    let start: Int64
    public let length: Int64
    let expected: Digest

    private struct State: @unchecked Sendable {
        // @unchecked: swift-crypto's digest states are plain values; the mutex serialises every use.
        /// The digest of the bytes of the accepted chunks, and where they end.
        var accepted: StreamingDigester
        var acceptedEnd: Int64 = 0
        /// The digest of the transfer in flight, and the next byte it reads.
        var current: StreamingDigester
        var next: Int64 = 0
    }
    private let state: Mutex<State>

    /// Opens `path` (a regular file) for the blob `expected` at `offset`, `length` bytes.
    public init(path: String, offset: Int64, length: Int64, expected: Digest) throws(RegistryError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .io(path: path, reason: "cannot open it for reading: \(String(cString: strerror(errno)))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .io(path: path, reason: "it is not a regular file")
        }
        guard offset >= 0, length >= 0, Int64(status.st_size) >= offset + length else {
            close(descriptor)
            throw .sizeMismatch(
                what: "the file '\(path)' holding blob \(expected)", expected: offset + length,
                actual: Int64(status.st_size))
        }
        self.path = path
        self.descriptor = descriptor
        self.start = offset
        self.length = length
        self.expected = expected
        let digester = StreamingDigester(algorithm: expected.algorithm)
        state = Mutex(State(accepted: digester, current: digester))
        // An empty blob has no byte to stop before: its digest is checked now.
        if length == 0, digester.finalize() != expected.description {
            throw .digestMismatch(
                what: "the empty file region '\(path)'", expected: expected.description, actual: digester.finalize())
        }
    }

    deinit { close(descriptor) }

    /// Reads the blob's bytes at `offset` (from its start) into `buffer`, hashing them; throws instead of returning
    /// the last bytes when the whole blob is not the one expected.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(RegistryError) -> Int {
        try state.withLock { (state) throws(RegistryError) -> Int in
            // A transfer starts (or libcurl rewinds it) at the end of the accepted chunks.
            if offset == state.acceptedEnd {
                state.current = state.accepted
                state.next = offset
            }
            guard offset == state.next else {
                throw .io(path: path, reason: "the upload read byte \(offset) of the blob out of order")
            }
            let wanted = Int(min(Int64(buffer.count), length - offset))
            guard wanted > 0 else { return 0 }
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(start + offset))
            guard count > 0 else {
                let reason = count < 0 ? String(cString: strerror(errno)) : "it ended early"
                throw .io(path: path, reason: "cannot read byte \(start + offset) of it: \(reason)")
            }
            state.current.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            state.next += Int64(count)
            if state.next == length {
                let actual = state.current.finalize()
                guard actual == expected.description else {
                    throw .digestMismatch(
                        what: "the file '\(path)' being uploaded (it changed after its digest was taken; the upload "
                            + "was stopped before its last byte)",
                        expected: expected.description, actual: actual)
                }
            }
            return count
        }
    }

    /// Records that the registry accepted the bytes up to `end`: the next transfer starts from there.
    func accept(through end: Int64) {
        state.withLock { state in
            guard state.next == end else { return }
            state.accepted = state.current
            state.acceptedEnd = end
        }
    }

    public static func == (a: BlobUpload, b: BlobUpload) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
