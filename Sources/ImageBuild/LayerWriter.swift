import FoundationEssentials
import ImageFormat

/// A layer written to a file: its blob descriptor (compressed digest and size) and its DiffID (the digest of the
/// uncompressed tar), both hashed while the bytes were written, once.
public struct BuiltLayer: Sendable, Hashable {
    public var file: String
    public var descriptor: Descriptor
    public var diffID: Digest
    public var uncompressedSize: Int64
}

/// The compressor between the tar stream and the file: a closed set, so the pipeline stays generic-free at the
/// call site.
enum LayerCompressor: ByteSink {
    case none(HashingSink<FileSink>)
    case gzip(GzipSink<HashingSink<FileSink>>)
    case zstd(ZstdSink<HashingSink<FileSink>>)

    init(_ compression: LayerCompression, level: Int32?, gzipEngine: GzipEngine, file: FileSink) throws {
        switch compression {
        case .none: self = .none(HashingSink(file))
        case .gzip: self = .gzip(try GzipSink(HashingSink(file), level: level ?? 6, engine: gzipEngine))
        case .zstd: self = .zstd(try ZstdSink(HashingSink(file), level: level ?? 3))
        }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        switch self {
        case .none(var sink):
            try sink.write(bytes)
            self = .none(sink)
        case .gzip(var sink):
            try sink.write(bytes)
            self = .gzip(sink)
        case .zstd(var sink):
            try sink.write(bytes)
            self = .zstd(sink)
        }
    }

    /// Ends the compressed stream and returns the hashing file sink underneath.
    mutating func finish() throws -> HashingSink<FileSink> {
        switch self {
        case .none(let sink): return sink
        case .gzip(var sink): return try sink.finish()
        case .zstd(var sink): return try sink.finish()
        }
    }
}

public enum LayerWriter {
    static func mediaType(_ compression: LayerCompression) -> String {
        switch compression {
        case .none: MediaType.ociLayer
        case .gzip: MediaType.ociLayerGzip
        case .zstd: MediaType.ociLayerZstd
        }
    }

    /// The levels each compressor accepts.
    public static func levels(_ compression: LayerCompression) -> ClosedRange<Int32>? {
        switch compression {
        case .none: nil
        case .gzip: 1...9
        case .zstd: 1...19
        }
    }

    /// Writes `files` (already sorted and normalised) as a tar layer to `path`, which must not exist. `level`: the
    /// compressor's level, nil for its default; `gzipEngine`: what writes gzip (the compressed bytes depend on it).
    public static func write(
        _ files: [LayerFile], to path: String, compression: LayerCompression, level: Int32? = nil,
        gzipEngine: GzipEngine = .automatic
    ) throws -> BuiltLayer {
        let file = try FileSink(creating: path)
        var tar = TarWriter(
            sink: HashingSink(try LayerCompressor(compression, level: level, gzipEngine: gzipEngine, file: file)))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        for layerFile in files {
            try tar.begin(layerFile.entry)
            if layerFile.entry.kind == .regular, let source = layerFile.source {
                try copyContent(of: source, size: layerFile.entry.size, into: &tar, chunk: &chunk)
            }
            try tar.end()
        }
        var uncompressed = try tar.finish()
        let diffID = uncompressed.digest
        let compressed = try uncompressed.inner.finish()
        try compressed.inner.close()
        return BuiltLayer(
            file: path,
            descriptor: Descriptor(
                mediaType: mediaType(compression), digest: compressed.digest, size: compressed.count),
            diffID: diffID, uncompressedSize: uncompressed.count)
    }

    private static func copyContent<Sink: ByteSink>(
        of source: String, size: Int64, into tar: inout TarWriter<Sink>, chunk: inout [UInt8]
    ) throws {
        guard let file = try? SystemFile(reading: source) else {
            throw BuildError.unreadable(path: source, reason: "it cannot be opened")
        }
        var remaining = size
        var offset: Int64 = 0
        while remaining > 0 {
            let wanted = Int(min(Int64(chunk.count), remaining))
            let got: Int
            do {
                got = try chunk.withUnsafeMutableBytes { buffer throws(ImageReadError) in
                    try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]), at: offset)
                }
            } catch {
                throw BuildError.unreadable(path: source, reason: "\(error)")
            }
            offset += Int64(got)
            guard got > 0 else { throw BuildError.changedWhileReading(path: source) }
            try chunk.withUnsafeBytes { try tar.writeContent(UnsafeRawBufferPointer(rebasing: $0[..<got])) }
            remaining -= Int64(got)
        }
        if (try? file.readBytes(count: 1, at: offset))?.isEmpty == false {
            throw BuildError.changedWhileReading(path: source)
        }
    }
}
