import CZlib

/// Decompresses a gzip stream (RFC 1952) with zlib, member after member (`cat a.gz b.gz` is one valid stream).
///
/// Input is read from the source in 256 KiB blocks. A stream that ends before its last member's trailer is
/// an error (truncated), and so are bytes after the last member other than NUL padding.
public final class GzipStream: ByteStream {
    private let source: any ByteStream
    private let name: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberEnded = false
    private var finished = false

    /// Decompresses `source`; `name` (the layer) is used in errors.
    public init(source: any ByteStream, name: String, inputBufferSize: Int = 256 << 10) throws(ImageReadError) {
        self.source = source
        self.name = name
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(512, inputBufferSize), alignment: 16)
        // windowBits 15 + 16: a gzip wrapper is required (zlib.h, inflateInit2).
        let status = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw .decompression(layer: name, compression: .gzip, reason: "zlib could not start (status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    public func read(into out: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        guard !finished, let outBase = out.baseAddress, out.count > 0 else { return 0 }
        let capacity = min(out.count, Int(UInt32.max))
        stream.pointee.next_out = outBase.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(capacity)
        var produced = 0
        while produced == 0 {
            if stream.pointee.avail_in == 0, !inputEnded { try refill() }
            if memberEnded {
                // After a member: the end, NUL padding, or the next member's header.
                var padded = false
                while stream.pointee.avail_in > 0, stream.pointee.next_in.pointee == 0 {
                    stream.pointee.next_in += 1
                    stream.pointee.avail_in -= 1
                    padded = true
                }
                if stream.pointee.avail_in == 0 {
                    if inputEnded {
                        finished = true
                        return 0
                    }
                    continue
                }
                guard !padded else { throw corrupt("data after the end of the gzip stream") }
                inflateReset(stream)
                memberEnded = false
            }
            if stream.pointee.avail_in == 0, inputEnded { throw corrupt("the stream is truncated") }
            let status = inflate(stream, Z_NO_FLUSH)
            produced = capacity - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw corrupt(message)
            }
        }
        return produced
    }

    public func skip(_ count: Int64) throws(ImageReadError) -> Int64 {
        try skipByReading(count)
    }

    private func refill() throws(ImageReadError) {
        let got = try source.read(into: input)
        if got == 0 {
            inputEnded = true
        } else {
            stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_in = UInt32(got)
        }
    }

    private func corrupt(_ reason: String) -> ImageReadError {
        .decompression(layer: name, compression: .gzip, reason: reason)
    }
}
