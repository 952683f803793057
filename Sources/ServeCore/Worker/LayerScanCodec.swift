import ImageAnalysis
import ImageFormat

/// The layer cache's bytes: what the package pass kept of one layer (`ImageAnalyzer.packagePolicy`: the
/// catalogers' files with their captured content, whiteouts, links), in a small length-prefixed binary form.
/// Decoding checks every length against what is left, so a damaged entry is an error, never a crash.
public enum LayerScanCodec {
    static let magic: [UInt8] = Array("SSLC1\n".utf8)

    public static func encode(_ scan: LayerScan) -> [UInt8] {
        var out = magic
        put(&out, UInt64(bitPattern: scan.tarBytes))
        put(&out, UInt64(scan.entries.count))
        for (index, entry) in scan.entries.enumerated() {
            put(&out, Array(entry.path.utf8))
            out.append(entry.kind.typeFlag)
            put(&out, UInt64(bitPattern: entry.size))
            put(&out, UInt64(entry.mode))
            put(&out, UInt64(bitPattern: Int64(entry.uid)))
            put(&out, UInt64(bitPattern: Int64(entry.gid)))
            put(&out, UInt64(bitPattern: entry.modificationTime))
            optional(&out, entry.linkTarget.map { Array($0.utf8) })
            optional(&out, scan.contents[index])
            optional(&out, scan.buildInfo[index])
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws -> LayerScan {
        var reader = Reader(bytes: bytes)
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else {
            throw ServeError.badCacheEntry("no header")
        }
        reader.offset = magic.count
        var scan = LayerScan()
        scan.tarBytes = Int64(bitPattern: try reader.integer())
        let count = try reader.integer()
        guard count <= UInt64(bytes.count) else {
            throw ServeError.badCacheEntry("\(count) entries in \(bytes.count) bytes")
        }
        for _ in 0..<count {
            let path = String(decoding: try reader.chunk(), as: UTF8.self)
            let flag = try reader.byte()
            let size = Int64(bitPattern: try reader.integer())
            let mode = UInt32(truncatingIfNeeded: try reader.integer())
            let uid = Int(Int64(bitPattern: try reader.integer()))
            let gid = Int(Int64(bitPattern: try reader.integer()))
            let mtime = Int64(bitPattern: try reader.integer())
            let link = try reader.optional().map { String(decoding: $0, as: UTF8.self) }
            let content = try reader.optional()
            let buildInfo = try reader.optional()
            let entry = TarEntry(
                path: path, kind: kind(flag), size: size, mode: mode, uid: uid, gid: gid, linkTarget: link,
                modificationTime: mtime)
            if let buildInfo { scan.buildInfo[scan.entries.count] = buildInfo }
            scan.append(entry, content: content)
        }
        guard reader.offset == bytes.count else { throw ServeError.badCacheEntry("trailing bytes") }
        return scan
    }

    static func kind(_ flag: UInt8) -> TarEntry.Kind {
        switch flag {
        case UInt8(ascii: "0"): .regular
        case UInt8(ascii: "1"): .hardLink
        case UInt8(ascii: "2"): .symbolicLink
        case UInt8(ascii: "3"): .characterDevice
        case UInt8(ascii: "4"): .blockDevice
        case UInt8(ascii: "5"): .directory
        case UInt8(ascii: "6"): .fifo
        default: .other(flag)
        }
    }

    static func put(_ out: inout [UInt8], _ value: UInt64) {
        var value = value
        for _ in 0..<8 {
            out.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    static func put(_ out: inout [UInt8], _ bytes: [UInt8]) {
        put(&out, UInt64(bytes.count))
        out += bytes
    }

    static func optional(_ out: inout [UInt8], _ bytes: [UInt8]?) {
        if let bytes {
            out.append(1)
            put(&out, bytes)
        } else {
            out.append(0)
        }
    }

    struct Reader {
        var bytes: [UInt8]
        var offset = 0

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw ServeError.badCacheEntry("cut short at \(offset)") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func integer() throws -> UInt64 {
            guard bytes.count - offset >= 8 else { throw ServeError.badCacheEntry("cut short at \(offset)") }
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
            offset += 8
            return value
        }

        mutating func chunk() throws -> [UInt8] {
            let count = try integer()
            guard count <= UInt64(bytes.count - offset) else {
                throw ServeError.badCacheEntry("a length of \(count) at \(offset)")
            }
            defer { offset += Int(count) }
            return Array(bytes[offset..<offset + Int(count)])
        }

        mutating func optional() throws -> [UInt8]? {
            try byte() == 0 ? nil : try chunk()
        }
    }
}
