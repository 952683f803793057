import CZlib

/// What is wrong with a zip archive or one of its members.
public enum ZipError: Error, Sendable, Hashable, CustomStringConvertible {
    case notZip(path: String, reason: String)
    case member(name: String, reason: String)
    case file(FileError)

    public var description: String {
        switch self {
        case .notZip(let path, let reason): "'\(path)' is not a readable zip archive: \(reason)"
        case .member(let name, let reason): "zip member '\(name)': \(reason)"
        case .file(let error): error.description
        }
    }
}

/// A zip archive read through its central directory (PKWARE APPNOTE.TXT 6.3.10), members stored or deflated,
/// Zip64 included. Nothing is ever extracted to disk: members are read into memory one at a time, each bounded by
/// `memberLimit` whatever its header claims, so a zip bomb or a 100 MB record costs at most that much.
public final class ZipArchive: Sendable {
    public struct Member: Sendable, Hashable {
        public var name: String
        var method: UInt16
        var flags: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        public var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    public let path: String
    public let members: [Member]
    private let descriptor: Int32
    private let fileSize: Int64

    public init(path: String) throws(ZipError) {
        self.path = path
        let descriptor: Int32
        do {
            descriptor = try LocalFile.openForReading(path)
        } catch {
            throw .file(error)
        }
        do {
            let size = try LocalFile.size(descriptor, path: path)
            self.fileSize = size
            self.members = try Self.centralDirectory(descriptor, path: path, size: size)
            self.descriptor = descriptor
        } catch {
            LocalFile.closeFile(descriptor)
            throw Self.wrap(error, path: path)
        }
    }

    deinit { LocalFile.closeFile(descriptor) }

    private static func wrap(_ error: any Error, path: String) -> ZipError {
        if let error = error as? ZipError { return error }
        if let error = error as? FileError { return .file(error) }
        return .notZip(path: path, reason: "\(error)")
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(uint16(bytes, at)) | UInt32(uint16(bytes, at + 2)) << 16
    }
    private static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(uint32(bytes, at)) | UInt64(uint32(bytes, at + 4)) << 32
    }

    /// 4.3.16 "End of central directory record", found by scanning back over at most a 65,535-byte comment; 4.3.14
    /// and 4.3.15 for Zip64, whose locator sits right before it.
    private static func centralDirectory(_ descriptor: Int32, path: String, size: Int64) throws -> [Member] {
        func bad(_ reason: String) -> ZipError { .notZip(path: path, reason: reason) }
        guard size >= 22 else { throw bad("too short for an end of central directory record") }
        let tailLength = Int(min(size, 22 + 65_535 + 20))
        let tail = try LocalFile.readBytes(descriptor, count: tailLength, at: size - Int64(tailLength), path: path)
        guard tail.count == tailLength else { throw bad("truncated") }
        var end = -1
        var index = tailLength - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
                end = index
                break
            }
            index -= 1
        }
        guard end >= 0 else { throw bad("no end of central directory record (truncated or not a zip)") }
        var count = UInt64(uint16(tail, end + 10))
        var directorySize = UInt64(uint32(tail, end + 12))
        var directoryOffset = UInt64(uint32(tail, end + 16))
        if end >= 20, uint32(tail, end - 20) == 0x0706_4B50 {
            let recordOffset = uint64(tail, end - 20 + 8)
            guard recordOffset + 56 <= UInt64(size) else { throw bad("the Zip64 record lies outside the file") }
            let record = try LocalFile.readBytes(descriptor, count: 56, at: Int64(recordOffset), path: path)
            guard record.count == 56, uint32(record, 0) == 0x0606_4B50 else { throw bad("a broken Zip64 record") }
            count = uint64(record, 32)
            directorySize = uint64(record, 40)
            directoryOffset = uint64(record, 48)
        }
        guard directoryOffset + directorySize <= UInt64(size) else {
            throw bad("the central directory lies outside the file (truncated)")
        }
        // Each entry takes at least 46 bytes: a count the directory cannot hold is a lie.
        guard count * 46 <= directorySize, directorySize <= 1 << 31 else {
            throw bad("the central directory's size and entry count disagree")
        }
        let directory = try LocalFile.readBytes(
            descriptor, count: Int(directorySize), at: Int64(directoryOffset), path: path)
        var members: [Member] = []
        members.reserveCapacity(Int(count))
        var at = 0
        for _ in 0..<count {
            // 4.3.12 "Central directory structure": the 46-byte fixed part, then name, extra field and comment.
            guard at + 46 <= directory.count, uint32(directory, at) == 0x0201_4B50 else {
                throw bad("central directory entry \(members.count + 1) is broken")
            }
            let nameLength = Int(uint16(directory, at + 28))
            let extraLength = Int(uint16(directory, at + 30))
            let commentLength = Int(uint16(directory, at + 32))
            let next = at + 46 + nameLength + extraLength + commentLength
            guard next <= directory.count else { throw bad("central directory entry \(members.count + 1) overruns") }
            var member = Member(
                name: String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                method: uint16(directory, at + 10), flags: uint16(directory, at + 8), crc: uint32(directory, at + 16),
                compressedSize: UInt64(uint32(directory, at + 20)),
                uncompressedSize: UInt64(uint32(directory, at + 24)),
                localHeaderOffset: UInt64(uint32(directory, at + 42)))
            // 4.5.3 "Zip64 Extended Information Extra Field (0x0001)": the 64-bit values of the fields set to
            // 0xFFFFFFFF, in this order.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let tag = uint16(directory, extra)
                let length = Int(uint16(directory, extra + 2))
                if tag == 1 {
                    var field = extra + 4
                    let fieldEnd = min(field + length, extraEnd)
                    if member.uncompressedSize == 0xFFFF_FFFF, field + 8 <= fieldEnd {
                        member.uncompressedSize = uint64(directory, field)
                        field += 8
                    }
                    if member.compressedSize == 0xFFFF_FFFF, field + 8 <= fieldEnd {
                        member.compressedSize = uint64(directory, field)
                        field += 8
                    }
                    if member.localHeaderOffset == 0xFFFF_FFFF, field + 8 <= fieldEnd {
                        member.localHeaderOffset = uint64(directory, field)
                    }
                }
                extra += 4 + length
            }
            members.append(member)
            at = next
        }
        return members
    }

    /// Whether a member's name could escape a directory if it were ever extracted (4.4.17: "MUST NOT contain a
    /// drive or device letter, or a leading slash"; and no ".." component): such members are refused.
    public static func isHostileName(_ name: String) -> Bool {
        if name.hasPrefix("/") || name.contains("\\") || name.utf8.contains(0) { return true }
        if name.utf8.count >= 2, Array(name.utf8)[1] == UInt8(ascii: ":") { return true }
        return name.split(separator: "/").contains("..")
    }

    /// The member's bytes, at most `limit` of them: a member larger than that (by its header or once inflated) is
    /// refused without reading further, and the CRC-32 is checked.
    public func read(_ member: Member, limit: Int) throws(ZipError) -> [UInt8] {
        func bad(_ reason: String) -> ZipError { .member(name: member.name, reason: reason) }
        if Self.isHostileName(member.name) { throw bad("the name is absolute or climbs out with '..'") }
        if member.flags & 1 != 0 { throw bad("it is encrypted") }
        if member.uncompressedSize > UInt64(limit) {
            throw bad("it is \(member.uncompressedSize) bytes, more than the \(limit)-byte limit for one record")
        }
        guard member.method == 0 || member.method == 8 else {
            throw bad("compression method \(member.method) is not supported (only stored and deflate)")
        }
        guard member.compressedSize <= UInt64(fileSize), member.localHeaderOffset + 30 <= UInt64(fileSize) else {
            throw bad("its data lies outside the archive (truncated)")
        }
        let compressed: [UInt8]
        do {
            // 4.3.7 "Local file header": 30 bytes, then its own name and extra field lengths.
            let header = try LocalFile.readBytes(descriptor, count: 30, at: Int64(member.localHeaderOffset), path: path)
            guard header.count == 30, Self.uint32(header, 0) == 0x0403_4B50 else { throw bad("no local header") }
            let dataOffset =
                member.localHeaderOffset + 30 + UInt64(Self.uint16(header, 26)) + UInt64(Self.uint16(header, 28))
            guard dataOffset + member.compressedSize <= UInt64(fileSize) else {
                throw bad("its data lies outside the archive (truncated)")
            }
            compressed = try LocalFile.readBytes(
                descriptor, count: Int(member.compressedSize), at: Int64(dataOffset), path: path)
        } catch let error as ZipError {
            throw error
        } catch {
            throw Self.wrap(error, path: path)
        }
        let output: [UInt8]
        if member.method == 0 {
            output = compressed
        } else {
            output = try Self.inflate(
                compressed, expected: Int(member.uncompressedSize), limit: limit, name: member.name)
        }
        guard output.count == Int(member.uncompressedSize) else {
            throw bad("it holds \(output.count) bytes where its header says \(member.uncompressedSize)")
        }
        let crc = output.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        if crc != member.crc { throw bad("its CRC-32 does not match (corrupt)") }
        return output
    }

    /// Raw deflate (RFC 1951) through zlib, refusing output beyond `expected` + 1 or `limit`.
    static func inflate(_ input: [UInt8], expected: Int, limit: Int, name: String) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        // windowBits -15: raw deflate, no zlib or gzip wrapper (zlib.h, inflateInit2).
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .member(name: name, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let capacity = min(expected, limit) + 1
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        var status: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                status = CZlib.inflate(&stream, Z_FINISH)
                produced = target.count - Int(stream.avail_out)
            }
        }
        if status != Z_STREAM_END {
            if produced >= capacity {
                throw .member(name: name, reason: "it inflates beyond its declared size (a zip bomb?)")
            }
            throw .member(name: name, reason: "its deflate data is corrupt or truncated")
        }
        output.removeLast(capacity - produced)
        return output
    }
}
