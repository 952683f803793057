/// Writes a POSIX tar stream, deterministically: the same entries give the same bytes.
///
/// Headers are ustar (POSIX.1-1988); a PAX extended header (POSIX.1-2001, typeflag `x`, fixed name
/// `PaxHeader`) is added only when a value does not fit ustar: a path that cannot be split into prefix and name,
/// a long link target, a size ≥ 8 GiB, large ids, long user or group names, or extended attributes.
/// No atime/ctime records are ever written.
public struct TarWriter<Sink: ByteSink> {
    public private(set) var sink: Sink
    private var pendingContent: Int64 = 0
    private var pendingPadding: Int = 0
    private var pendingPath = ""

    public init(sink: Sink) {
        self.sink = sink
    }

    /// Appends an entry with all of its content (`content.count` must equal `entry.size`).
    public mutating func append(_ entry: TarEntry, content: [UInt8] = []) throws {
        try begin(entry)
        try content.withUnsafeBytes { try writeContent($0) }
        try end()
    }

    /// Starts an entry whose `entry.size` bytes follow through `writeContent`, then `end()`.
    public mutating func begin(_ entry: TarEntry) throws {
        guard pendingContent == 0, pendingPadding == 0 else {
            throw ImageFormatError.invalidTarPath(pendingPath, reason: "the previous entry's content is incomplete")
        }
        guard !entry.path.isEmpty else { throw ImageFormatError.invalidTarPath(entry.path, reason: "empty path") }
        let records = paxRecords(for: entry)
        if !records.isEmpty {
            let payload = TarWriter.encodePax(records)
            var paxHeader = TarEntry(path: "PaxHeader", kind: .other(UInt8(ascii: "x")), size: Int64(payload.count))
            paxHeader.mode = 0o644
            try sink.write(header(for: paxHeader, pathOverride: "PaxHeader"))
            try sink.write(payload)
            try pad(payload.count)
        }
        try sink.write(header(for: entry, pathOverride: nil))
        pendingContent = entry.kind == .regular ? entry.size : 0
        pendingPadding = entry.kind == .regular ? TarWriter.padding(for: entry.size) : 0
        pendingPath = entry.path
    }

    /// Writes part of the current entry's content.
    public mutating func writeContent(_ bytes: UnsafeRawBufferPointer) throws {
        guard Int64(bytes.count) <= pendingContent else {
            throw ImageFormatError.invalidTarPath(pendingPath, reason: "more content than the declared size")
        }
        try sink.write(bytes)
        pendingContent -= Int64(bytes.count)
    }

    /// Finishes the current entry: checks its size and pads to the 512-byte block.
    public mutating func end() throws {
        guard pendingContent == 0 else {
            throw ImageFormatError.invalidTarPath(pendingPath, reason: "\(pendingContent) bytes of content missing")
        }
        try sink.write([UInt8](repeating: 0, count: pendingPadding))
        pendingPadding = 0
    }

    /// Writes the end-of-archive marker (two zero blocks) and returns the sink.
    public mutating func finish() throws -> Sink {
        try end()
        try sink.write([UInt8](repeating: 0, count: 1024))
        return sink
    }

    // MARK: - Encoding

    private mutating func pad(_ count: Int) throws {
        try sink.write([UInt8](repeating: 0, count: TarWriter.padding(for: Int64(count))))
    }

    static func padding(for size: Int64) -> Int {
        let remainder = Int(size % 512)
        return remainder == 0 ? 0 : 512 - remainder
    }

    private static var maxOctal11: Int64 { 0o77777777777 }
    private static var maxOctal7: Int { 0o7777777 }

    private func splitPath(_ path: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        if path.count <= 100 { return ([], path) }
        guard path.count <= 256 else { return nil }
        // Split at a '/' so that the prefix fits 155 bytes and the name 100.
        var index = min(path.count - 1, 155)
        while index > 0 {
            if path[index] == UInt8(ascii: "/"), path.count - index - 1 <= 100, index <= 155 {
                return (Array(path[..<index]), Array(path[(index + 1)...]))
            }
            index -= 1
        }
        return nil
    }

    private func paxRecords(for entry: TarEntry) -> [(String, [UInt8])] {
        var records: [(String, [UInt8])] = []
        if splitPath(Array(entry.path.utf8)) == nil { records.append(("path", Array(entry.path.utf8))) }
        if let target = entry.linkTarget, target.utf8.count > 100 { records.append(("linkpath", Array(target.utf8))) }
        if entry.size > TarWriter.maxOctal11 { records.append(("size", Array(String(entry.size).utf8))) }
        if entry.uid > TarWriter.maxOctal7 { records.append(("uid", Array(String(entry.uid).utf8))) }
        if entry.gid > TarWriter.maxOctal7 { records.append(("gid", Array(String(entry.gid).utf8))) }
        if let name = entry.userName, name.utf8.count > 32 { records.append(("uname", Array(name.utf8))) }
        if let name = entry.groupName, name.utf8.count > 32 { records.append(("gname", Array(name.utf8))) }
        for key in entry.extendedAttributes.keys.sorted() {
            records.append(("SCHILY.xattr." + key, entry.extendedAttributes[key] ?? []))
        }
        return records
    }

    /// PAX records: `"%d %s=%s\n"`, where the leading length counts the whole record including itself.
    static func encodePax(_ records: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (key, value) in records {
            let body = 1 + key.utf8.count + 1 + value.count + 1  // space, key, '=', value, newline
            var length = body + String(body).utf8.count
            if String(length).utf8.count != String(body).utf8.count { length = body + String(length).utf8.count }
            out += Array(String(length).utf8) + [UInt8(ascii: " ")] + Array(key.utf8) + [UInt8(ascii: "=")]
            out += value + [UInt8(ascii: "\n")]
        }
        return out
    }

    private func header(for entry: TarEntry, pathOverride: String?) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: some Collection<UInt8>, at offset: Int, width: Int) {
            for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, at offset: Int, width: Int) {
            // width-1 octal digits, zero-padded, then NUL; values that do not fit are carried by PAX records.
            let digits = width - 1
            let limit = Int64(1) << Int64(3 * digits)
            let clamped = value < 0 || value >= limit ? 0 : value
            var text = String(clamped, radix: 8)
            text = String(repeating: "0", count: max(0, digits - text.utf8.count)) + text
            put(Array(text.utf8), at: offset, width: digits)
        }
        let pathBytes = Array((pathOverride ?? entry.path).utf8)
        let split = splitPath(pathBytes) ?? ([], Array(pathBytes.prefix(100)))
        put(split.name, at: 0, width: 100)
        octal(Int64(entry.mode & 0o7777), at: 100, width: 8)
        octal(Int64(entry.uid), at: 108, width: 8)
        octal(Int64(entry.gid), at: 116, width: 8)
        octal(entry.kind == .regular || pathOverride != nil ? entry.size : 0, at: 124, width: 12)
        octal(entry.modificationTime, at: 136, width: 12)
        block[156] = entry.kind.typeFlag
        if let target = entry.linkTarget { put(Array(target.utf8), at: 157, width: 100) }
        put(Array("ustar".utf8) + [0], at: 257, width: 6)
        put(Array("00".utf8), at: 263, width: 2)
        if let name = entry.userName { put(Array(name.utf8), at: 265, width: 32) }
        if let name = entry.groupName { put(Array(name.utf8), at: 297, width: 32) }
        if entry.kind == .characterDevice || entry.kind == .blockDevice {
            octal(Int64(entry.deviceMajor), at: 329, width: 8)
            octal(Int64(entry.deviceMinor), at: 337, width: 8)
        }
        put(split.prefix, at: 345, width: 155)
        // Checksum: the sum of all header bytes with the checksum field taken as eight spaces.
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        var text = String(sum, radix: 8)
        text = String(repeating: "0", count: max(0, 6 - text.utf8.count)) + text
        put(Array(text.utf8), at: 148, width: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
        return block
    }
}
