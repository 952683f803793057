/// A file being written, buffered: the sink at the end of every writer pipeline (tar, gzip, hashing).
///
/// A class because it owns a file descriptor: `close()` flushes and closes it, and `deinit` closes it (without
/// flushing) when a write failed on the way.
public final class FileSink: ByteSink {
    public let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes written so far (buffered ones included).
    public private(set) var count: Int64 = 0

    /// Creates `path`, which must not exist.
    public init(creating path: String, bufferSize: Int = 1 << 20) throws(DestinationError) {
        self.path = path
        self.fd = try DestinationIO.createExclusive(path)
        self.capacity = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try append(bytes)
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw DestinationError.system(operation: "write (already closed)", path: path, errno: 9) }
        count += Int64(bytes.count)
        if buffer.count + bytes.count <= capacity {
            buffer.append(contentsOf: bytes)
            return
        }
        try flush()
        if bytes.count >= capacity {
            try DestinationIO.write(fd, bytes, path: path)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { bytes in try DestinationIO.write(fd, bytes, path: path) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws {
        guard fd >= 0 else { return }
        defer {
            DestinationIO.close(fd)
            fd = -1
        }
        try flush()
    }

    deinit {
        if fd >= 0 { DestinationIO.close(fd) }
    }
}

/// Copies `length` bytes of `location` into `sink`, in 1 MiB reads.
public func copyRegion(_ location: BlobLocation, into sink: inout some ByteSink) throws {
    let fd = try DestinationIO.openForReading(location.path)
    defer { DestinationIO.close(fd) }
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var offset = location.offset
    var remaining = location.length
    while remaining > 0 {
        let wanted = Int(min(Int64(chunk.count), remaining))
        let got = try chunk.withUnsafeMutableBytes { buffer in
            try DestinationIO.read(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: offset, path: location.path)
        }
        guard got > 0 else {
            throw DestinationError.invalidDocument(
                destination: location.path,
                reason:
                    "it ends \(remaining) bytes before the blob at offset \(location.offset) of \(location.length) bytes"
            )
        }
        try chunk.withUnsafeBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
        offset += Int64(got)
        remaining -= Int64(got)
    }
}
