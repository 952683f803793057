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

/// Bounds-checked reads of a piece of the database file read into memory: every offset and length is checked, so a
/// corrupt or hostile file is an error, never a read outside the piece. `base` is the file offset of the piece's
/// first byte, so messages name positions in the file.
struct ByteReader {
    let buffer: [UInt8]
    let base: Int
    var offset: Int

    init(_ buffer: [UInt8], base: Int = 0) {
        self.buffer = buffer
        self.base = base
        self.offset = 0
    }

    /// Bytes left in the piece.
    var remaining: Int { buffer.count - offset }

    private mutating func take(_ count: Int) throws(DatabaseError) -> Int {
        guard count >= 0, offset >= 0, offset <= buffer.count, buffer.count - offset >= count else {
            throw .corrupt("a field at byte \(base + offset) runs past the end of its section")
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
        var value: UInt32 = 0
        for index in (0..<4).reversed() { value = value << 8 | UInt32(buffer[at + index]) }
        return value
    }
    mutating func u64() throws(DatabaseError) -> UInt64 {
        let at = try take(8)
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(buffer[at + index]) }
        return value
    }

    mutating func bytes() throws(DatabaseError) -> ArraySlice<UInt8> {
        let count = Int(try u32())
        let at = try take(count)
        return buffer[at..<(at + count)]
    }

    mutating func string() throws(DatabaseError) -> String { String(decoding: try bytes(), as: UTF8.self) }

    mutating func optional() throws(DatabaseError) -> String? {
        try u8() == 0 ? nil : try string()
    }

    mutating func strings() throws(DatabaseError) -> [String] {
        let count = Int(try u32())
        guard count <= remaining else { throw .corrupt("a list at byte \(base + offset) is longer than its section") }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try string()) }
        return out
    }
}
