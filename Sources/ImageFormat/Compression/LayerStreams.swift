/// Opens layer blobs as tar streams: decompression chosen from the media type and checked against the magic.
public enum LayerStreams {
    /// The uncompressed tar stream of the blob at `location`, compressed as `compression` says.
    ///
    /// The first bytes must agree with `compression`: gzip starts `1f 8b`, zstd `28 b5 2f fd` (RFC 8878; skippable
    /// frames `?? 2a 4d 18` are accepted too), and an uncompressed layer may not start with either. `name` names
    /// the layer in errors.
    public static func open(
        _ location: BlobLocation, compression: LayerCompression, name: String
    ) throws(ImageReadError) -> any ByteStream {
        let file = try SystemFile(location)
        let head = try file.readBytes(count: Int(min(location.length, 512)), at: location.offset)
        let actual = detect(head)
        let agrees =
            switch compression {
            case .none: actual == LayerCompression.none || actual == nil
            case .gzip, .zstd: actual == compression
            }
        guard agrees else { throw .compressionMismatch(layer: name, declared: compression, actual: actual) }
        let raw = FileRegionStream(file: file, offset: location.offset, length: location.length)
        return try wrap(raw, compression: compression, name: name)
    }

    /// Wraps `raw` in the decompressor for `compression`.
    public static func wrap(
        _ raw: any ByteStream, compression: LayerCompression, name: String
    ) throws(ImageReadError) -> any ByteStream {
        switch compression {
        case .none: raw
        case .gzip: try GzipStream(source: raw, name: name)
        case .zstd: try ZstdStream(source: raw, name: name)
        }
    }

    /// What the first bytes of a blob show: gzip, zstd, an uncompressed tar (`none`, when a ustar magic or an
    /// empty blob is seen), or nil when nothing is recognised.
    public static func detect(_ head: [UInt8]) -> LayerCompression? {
        if let magic = LayerCompression(magic: head) { return magic }
        if head.count >= 4, head[1] == 0x2a, head[2] == 0x4d, head[3] == 0x18, head[0] & 0xf0 == 0x50 {
            return .zstd
        }
        if head.isEmpty { return LayerCompression.none }
        if head.count >= 262, Array(head[257..<262]) == Array("ustar".utf8) { return LayerCompression.none }
        if head.count >= 512, head.allSatisfy({ $0 == 0 }) { return LayerCompression.none }
        return nil
    }
}
