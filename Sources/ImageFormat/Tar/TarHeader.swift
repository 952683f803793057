/// One 512-byte tar header block, decoded (ustar, GNU and v7 layouts).
struct TarHeader {
    var path: [UInt8]
    var linkName: [UInt8]
    var mode: UInt32
    var uid: Int64
    var gid: Int64
    var size: Int64
    var modificationTime: Int64
    var typeFlag: UInt8
    var userName: String?
    var groupName: String?
    var deviceMajor: UInt32
    var deviceMinor: UInt32
    /// Old GNU sparse headers (`S`): the file's real size and whether extension blocks follow.
    var gnuRealSize: Int64?
    var gnuSparseExtended = false

    /// A type flag outside the ones we interpret (its size still counts as content).
    var isOther: Bool {
        switch typeFlag {
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"), UInt8(ascii: "S"), UInt8(ascii: "1")...UInt8(ascii: "6"),
            UInt8(ascii: "D"):
            false
        default:
            true
        }
    }

    /// Decodes and checks `block` (exactly 512 bytes).
    init(_ block: UnsafeRawBufferPointer) throws(TarProblem) {
        // The checksum is the sum of the header's bytes with the checksum field read as spaces; historic
        // writers summed signed chars, which is accepted too (as GNU tar and Go do).
        var unsigned = 8 * Int(UInt8(ascii: " "))
        var signed = unsigned
        for index in 0..<148 {
            unsigned &+= Int(block[index])
            signed &+= Int(Int8(bitPattern: block[index]))
        }
        for index in 156..<512 {
            unsigned &+= Int(block[index])
            signed &+= Int(Int8(bitPattern: block[index]))
        }
        guard let stored = try? TarHeader.number(block, 148, 8, field: "chksum"),
            stored == Int64(unsigned) || stored == Int64(signed)
        else { throw .badChecksum }

        // "ustar\0" (POSIX) or "ustar " (old GNU, followed by " \0" as the version).
        let isUstar =
            block[257] == UInt8(ascii: "u") && block[258] == UInt8(ascii: "s") && block[259] == UInt8(ascii: "t")
            && block[260] == UInt8(ascii: "a") && block[261] == UInt8(ascii: "r")
        let posix = isUstar && block[262] == 0
        let gnu = isUstar && block[262] == UInt8(ascii: " ")
        typeFlag = block[156]
        var name = TarHeader.cString(block, 0, 100)
        if posix {
            let prefix = TarHeader.cString(block, 345, 155)
            if !prefix.isEmpty { name = prefix + [UInt8(ascii: "/")] + name }
        }
        path = name
        linkName = TarHeader.cString(block, 157, 100)
        mode = UInt32(truncatingIfNeeded: try TarHeader.number(block, 100, 8, field: "mode") & 0o7777)
        uid = try TarHeader.number(block, 108, 8, field: "uid")
        gid = try TarHeader.number(block, 116, 8, field: "gid")
        size = try TarHeader.number(block, 124, 12, field: "size")
        modificationTime = try TarHeader.number(block, 136, 12, field: "mtime")
        if posix || gnu {
            let user = TarHeader.cString(block, 265, 32)
            let group = TarHeader.cString(block, 297, 32)
            userName = user.isEmpty ? nil : String(decoding: user, as: UTF8.self)
            groupName = group.isEmpty ? nil : String(decoding: group, as: UTF8.self)
            let major = typeFlag == UInt8(ascii: "3") || typeFlag == UInt8(ascii: "4")
            deviceMajor = major ? UInt32(truncatingIfNeeded: try TarHeader.number(block, 329, 8, field: "devmajor")) : 0
            deviceMinor = major ? UInt32(truncatingIfNeeded: try TarHeader.number(block, 337, 8, field: "devminor")) : 0
        } else {
            deviceMajor = 0
            deviceMinor = 0
        }
        if typeFlag == UInt8(ascii: "S") {
            gnuRealSize = try TarHeader.number(block, 483, 12, field: "realsize")
            gnuSparseExtended = block[482] != 0
        }
    }

    static func isZero(_ block: UnsafeRawBufferPointer) -> Bool {
        var accumulated: UInt64 = 0
        for index in stride(from: 0, to: 512, by: 8) {
            accumulated |= block.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        }
        return accumulated == 0
    }

    /// The bytes of a NUL-terminated field.
    static func cString(_ block: UnsafeRawBufferPointer, _ offset: Int, _ width: Int) -> [UInt8] {
        var end = offset
        while end < offset + width, block[end] != 0 { end += 1 }
        return end == offset ? [] : Array(block[offset..<end])
    }

    static func cString(_ bytes: [UInt8]) -> [UInt8] {
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return Array(bytes[..<nul])
    }

    /// A numeric field: octal digits (leading spaces, trailing spaces or NULs), or GNU/star base-256 when the
    /// high bit of the first byte is set (0x80 positive, 0xff negative, two's complement).
    static func number(_ block: UnsafeRawBufferPointer, _ offset: Int, _ width: Int, field: String)
        throws(TarProblem) -> Int64
    {
        let first = block[offset]
        if first & 0x80 != 0 {
            let invert: UInt8 = first & 0x40 != 0 ? 0xff : 0
            var value: UInt64 = 0
            for index in offset..<(offset + width) {
                var byte = block[index] ^ invert
                if index == offset { byte &= 0x7f }
                guard value >> 56 == 0 else { throw .badNumber(field: field, value: "base-256 overflow") }
                value = value << 8 | UInt64(byte)
            }
            guard value >> 63 == 0 else { throw .badNumber(field: field, value: "base-256 overflow") }
            return invert == 0xff ? ~Int64(value) : Int64(value)
        }
        var index = offset
        let limit = offset + width
        while index < limit, block[index] == UInt8(ascii: " ") { index += 1 }
        var value: Int64 = 0
        var digits = 0
        while index < limit {
            let byte = block[index]
            if byte == 0 || byte == UInt8(ascii: " ") { break }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7"), digits < 21 else {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: block[offset..<limit]), as: UTF8.self)
                throw .badNumber(field: field, value: text.filter { $0 != "\0" })
            }
            value = value << 3 | Int64(byte - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        // Only NULs and spaces may follow the digits.
        while index < limit {
            let byte = block[index]
            guard byte == 0 || byte == UInt8(ascii: " ") else {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: block[offset..<limit]), as: UTF8.self)
                throw .badNumber(field: field, value: text.filter { $0 != "\0" })
            }
            index += 1
        }
        return value
    }
}

/// PAX extended header records: `"%d %s=%s\n"`, the length counting the whole record (POSIX.1-2001, pax).
enum PaxRecords {
    struct Malformed: Error {
        var reason: String
    }

    static func parse(_ payload: [UInt8]) throws(Malformed) -> [String: [UInt8]] {
        var records: [String: [UInt8]] = [:]
        var index = 0
        while index < payload.count {
            // GNU tar pads some headers with NULs after the last record.
            if payload[index] == 0 { break }
            var length = 0
            var cursor = index
            while cursor < payload.count, payload[cursor] != UInt8(ascii: " ") {
                let byte = payload[cursor]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), length < 1 << 24 else {
                    throw Malformed(reason: "a record length is not a number at byte \(index)")
                }
                length = length * 10 + Int(byte - UInt8(ascii: "0"))
                cursor += 1
            }
            guard cursor < payload.count, length > cursor - index + 1, index + length <= payload.count,
                payload[index + length - 1] == UInt8(ascii: "\n")
            else { throw Malformed(reason: "record at byte \(index) has a bad length") }
            let body = payload[(cursor + 1)..<(index + length - 1)]
            guard let equals = body.firstIndex(of: UInt8(ascii: "=")) else {
                throw Malformed(reason: "record at byte \(index) has no '='")
            }
            records[String(decoding: body[..<equals], as: UTF8.self)] = Array(body[(equals + 1)...])
            index += length
        }
        return records
    }
}
