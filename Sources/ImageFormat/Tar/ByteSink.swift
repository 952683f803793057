/// Where writers put their bytes: a file, a hashing/compressing pipeline, or memory.
public protocol ByteSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
    /// Writes a byte array.
    public mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Collects written bytes in memory (tests and small blobs).
public struct MemorySink: ByteSink, Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ buffer: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: buffer)
    }
}
