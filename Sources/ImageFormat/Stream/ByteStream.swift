/// A source of bytes read front to back: a file region, a decompressor, a hashing tee.
///
/// Streams are classes (they own OS resources or codec state) used by one task at a time; they are not
/// `Sendable`. Reads are big (callers pass buffers of 64–256 KiB), so the per-call cost does not matter.
public protocol ByteStream: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 only at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int

    /// Skips up to `count` bytes; returns how many were skipped (fewer only at the end of the stream).
    /// A plain file region seeks; other streams read and discard.
    func skip(_ count: Int64) throws(ImageReadError) -> Int64

    /// Whether `skip` is a seek rather than a read (the tar reader then reads ahead less).
    var seeks: Bool { get }
}

extension ByteStream {
    public var seeks: Bool { false }

    /// Skips by reading into a scratch buffer: for streams that cannot seek.
    public func skipByReading(_ count: Int64) throws(ImageReadError) -> Int64 {
        guard count > 0 else { return 0 }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(min(count, 256 << 10)), alignment: 16)
        defer { scratch.deallocate() }
        var left = count
        while left > 0 {
            let chunk = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<Int(min(left, Int64(scratch.count)))])
            let got = try read(into: chunk)
            if got == 0 { break }
            left -= Int64(got)
        }
        return count - left
    }

    /// Reads everything that is left (for small streams: documents, tests).
    public func readAll(limit: Int = Int.max) throws(ImageReadError) -> [UInt8] {
        var out: [UInt8] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { scratch.deallocate() }
        while true {
            let got = try read(into: scratch)
            if got == 0 { return out }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<got]))
            if out.count > limit { throw .tooLarge(what: "the stream", size: Int64(out.count), limit: Int64(limit)) }
        }
    }
}

/// A region of a local file, read with `pread`; skipping is a seek.
public final class FileRegionStream: ByteStream {
    private let file: SystemFile
    private var position: Int64
    private let end: Int64

    /// Streams `location` (a layout's blob, an archive's member).
    public convenience init(_ location: BlobLocation) throws(ImageReadError) {
        try self.init(file: SystemFile(location), offset: location.offset, length: location.length)
    }

    package init(file: SystemFile, offset: Int64, length: Int64) {
        self.file = file
        self.position = offset
        self.end = offset + length
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        let wanted = Int(min(Int64(buffer.count), end - position))
        guard wanted > 0 else { return 0 }
        let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), at: position)
        position += Int64(got)
        return got
    }

    public func skip(_ count: Int64) throws(ImageReadError) -> Int64 {
        let skipped = max(0, min(count, end - position))
        position += skipped
        return skipped
    }

    public var seeks: Bool { true }
}

/// Bytes in memory as a stream (small documents and tests).
public final class MemoryStream: ByteStream {
    private let bytes: [UInt8]
    private var position = 0
    private let chunk: Int

    /// `chunk` caps each read, so tests can exercise reads that end mid-header.
    public init(_ bytes: [UInt8], chunk: Int = Int.max) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        let count = min(buffer.count, bytes.count - position, chunk)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
        }
        position += count
        return count
    }

    public func skip(_ count: Int64) throws(ImageReadError) -> Int64 {
        let skipped = Int(min(count, Int64(bytes.count - position)))
        position += max(0, skipped)
        return Int64(max(0, skipped))
    }

    public var seeks: Bool { true }
}
