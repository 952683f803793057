/// Little-endian encoding of the database file's fields.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

    /// A string as its length (u32) and UTF-8 bytes.
    mutating func string(_ value: String) {
        u32(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func optional(_ value: String?) {
        if let value {
            u8(1)
            string(value)
        } else {
            u8(0)
        }
    }

    mutating func strings(_ values: [String]) {
        u32(UInt32(values.count))
        for value in values { string(value) }
    }

    mutating func patch(u64 value: UInt64, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}

/// Bounds-checked reads from the mapped database: every offset and length is checked, so a corrupt or hostile
/// file is an error, never a read outside the mapping.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset: Int

    init(_ buffer: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    private mutating func take(_ count: Int) throws(DatabaseError) -> Int {
        guard count >= 0, offset >= 0, offset <= buffer.count, buffer.count - offset >= count else {
            throw .corrupt("a field at byte \(offset) runs past the end of the file")
        }
        let start = offset
        offset += count
        return start
    }

    mutating func u8() throws(DatabaseError) -> UInt8 { buffer[try take(1)] }
    mutating func u16() throws(DatabaseError) -> UInt16 {
        let at = try take(2)
        return UInt16(buffer[at]) | UInt16(buffer[at + 1]) << 8
    }
    mutating func u32() throws(DatabaseError) -> UInt32 {
        let at = try take(4)
        return buffer.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian
    }
    mutating func u64() throws(DatabaseError) -> UInt64 {
        let at = try take(8)
        return buffer.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian
    }

    mutating func bytes() throws(DatabaseError) -> UnsafeRawBufferPointer {
        let count = Int(try u32())
        let at = try take(count)
        return UnsafeRawBufferPointer(rebasing: buffer[at..<(at + count)])
    }

    mutating func string() throws(DatabaseError) -> String { String(decoding: try bytes(), as: UTF8.self) }

    mutating func optional() throws(DatabaseError) -> String? {
        try u8() == 0 ? nil : try string()
    }

    mutating func strings() throws(DatabaseError) -> [String] {
        let count = Int(try u32())
        guard count <= buffer.count - offset else { throw .corrupt("a list at byte \(offset) is longer than the file") }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try string()) }
        return out
    }
}
