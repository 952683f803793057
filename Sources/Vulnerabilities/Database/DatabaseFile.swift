import CZlib

/// One source the database was built from: an imported archive or directory, or a downloaded ecosystem.
public struct DatabaseSource: Sendable, Hashable {
    /// The path or URL, as given.
    public var name: String
    public var records: Int
    /// Records skipped as malformed.
    public var skipped: Int
    /// Records ignored because they are withdrawn.
    public var withdrawn: Int
    /// The newest `modified` time among its records (RFC 3339), empty when it had none.
    public var newestModified: String

    public init(name: String, records: Int, skipped: Int, withdrawn: Int, newestModified: String) {
        self.name = name
        self.records = records
        self.skipped = skipped
        self.withdrawn = withdrawn
        self.newestModified = newestModified
    }
}

/// The database file: a compact, read-only format of our own, read in pieces at scan time. Opening it reads a 64-byte
/// header and the sources; a lookup binary-searches the sorted (ecosystem, package) index and reads and decodes only
/// that package's records, so a scan's memory and time do not grow with the database.
///
/// Layout (little-endian): header `SSOSVDB\0`, u32 format, u32 CRC-32 of everything after the header, u64 offsets
/// and counts of the sources, the advisory table (one u64 offset per advisory), the index (per key: u64 offset of
/// the key string, u64 offset of its postings, sorted by key) and the file length; then the sections. A posting
/// is (u32 advisory, u16 affected entry).
enum DatabaseFormat {
    static let magic: [UInt8] = Array("SSOSVDB".utf8) + [0]
    static let version: UInt32 = 1
    static let headerSize = 64

    /// The index key of a package: the ecosystem and the name as the ecosystem normalises it, NUL-separated.
    static func key(ecosystem: String, name: String) -> [UInt8] {
        Array(ecosystem.utf8) + [0] + Array(PackageName.normalized(name, ecosystem: ecosystem).utf8)
    }

    static func encode(sources: [DatabaseSource], advisories: [(source: Int, advisory: Advisory)]) -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(advisories.count * 1024)
        out.bytes.append(contentsOf: magic)
        out.u32(version)
        out.u32(0)  // CRC, patched below
        out.bytes.append(contentsOf: [UInt8](repeating: 0, count: headerSize - 16))

        let sourcesOffset = out.bytes.count
        out.u32(UInt32(sources.count))
        for source in sources {
            out.string(source.name)
            out.u64(UInt64(source.records))
            out.u64(UInt64(source.skipped))
            out.u64(UInt64(source.withdrawn))
            out.string(source.newestModified)
        }

        var index: [[UInt8]: [(UInt32, UInt16)]] = [:]
        var advisoryOffsets: [UInt64] = []
        advisoryOffsets.reserveCapacity(advisories.count)
        for (number, entry) in advisories.enumerated() {
            advisoryOffsets.append(UInt64(out.bytes.count))
            encode(entry.advisory, source: entry.source, into: &out)
            for (position, affected) in entry.advisory.affected.enumerated() where position <= Int(UInt16.max) {
                index[key(ecosystem: affected.ecosystem, name: affected.name), default: []].append(
                    (UInt32(number), UInt16(position)))
            }
        }
        let tableOffset = out.bytes.count
        for offset in advisoryOffsets { out.u64(offset) }

        let keys = index.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var keyOffsets: [(UInt64, UInt64)] = []
        keyOffsets.reserveCapacity(keys.count)
        for key in keys {
            let keyOffset = UInt64(out.bytes.count)
            out.u32(UInt32(key.count))
            out.bytes.append(contentsOf: key)
            let postingsOffset = UInt64(out.bytes.count)
            let postings = index[key] ?? []
            out.u32(UInt32(postings.count))
            for (advisory, affected) in postings {
                out.u32(advisory)
                out.u16(affected)
            }
            keyOffsets.append((keyOffset, postingsOffset))
        }
        let indexOffset = out.bytes.count
        for (keyOffset, postingsOffset) in keyOffsets {
            out.u64(keyOffset)
            out.u64(postingsOffset)
        }

        out.patch(u64: UInt64(sourcesOffset), at: 16)
        out.patch(u64: UInt64(advisories.count), at: 24)
        out.patch(u64: UInt64(tableOffset), at: 32)
        out.patch(u64: UInt64(keys.count), at: 40)
        out.patch(u64: UInt64(indexOffset), at: 48)
        out.patch(u64: UInt64(out.bytes.count), at: 56)
        let crc = checksum(out.bytes, from: headerSize)
        withUnsafeBytes(of: crc.littleEndian) { raw in
            for (position, byte) in raw.enumerated() { out.bytes[12 + position] = byte }
        }
        return out.bytes
    }

    /// The CRC-32 of `bytes` from `start`, continuing `previous` (the CRC of the bytes before them).
    static func checksum(_ bytes: UnsafeRawBufferPointer, from start: Int, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = uLong(previous)
        var offset = start
        // zlib's crc32 takes a uInt length: feed it in 1 GiB pieces.
        while offset < bytes.count {
            let count = min(bytes.count - offset, 1 << 30)
            crc = crc32(crc, bytes.baseAddress?.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(count))
            offset += count
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    static func checksum(_ bytes: [UInt8], from start: Int) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, from: start) }
    }

    private static func encode(_ scores: [SeverityScore], into out: inout ByteWriter) {
        out.u32(UInt32(scores.count))
        for score in scores {
            out.string(score.type)
            out.string(score.score)
        }
    }

    static func encode(_ advisory: Advisory, source: Int, into out: inout ByteWriter) {
        out.u32(UInt32(source))
        out.string(advisory.id)
        out.strings(advisory.aliases)
        out.string(advisory.modified)
        out.optional(advisory.published)
        out.optional(advisory.summary)
        // Details are for people (`--explain`); the first 4 KiB say what they need to.
        out.optional(advisory.details.map { String(decoding: $0.utf8.prefix(4096), as: UTF8.self) })
        encode(advisory.severity, into: &out)
        out.optional(advisory.databaseSeverity)
        out.optional(advisory.reference)
        out.u32(UInt32(advisory.affected.count))
        for affected in advisory.affected {
            out.string(affected.ecosystem)
            out.string(affected.name)
            out.optional(affected.purl)
            out.u32(UInt32(affected.ranges.count))
            for range in affected.ranges {
                let kind: UInt8 =
                    switch range.kind {
                    case .ecosystem: 0
                    case .semver: 1
                    case .git: 2
                    }
                out.u8(kind)
                out.u32(UInt32(range.events.count))
                for event in range.events {
                    let type: UInt8 =
                        switch event {
                        case .introduced: 0
                        case .fixed: 1
                        case .lastAffected: 2
                        case .limit: 3
                        }
                    out.u8(type)
                    out.string(event.version)
                }
            }
            out.strings(affected.versions)
            encode(affected.severity, into: &out)
            out.optional(affected.ecosystemSeverity)
        }
    }

    private static func scores(_ reader: inout ByteReader) throws(DatabaseError) -> [SeverityScore] {
        let count = Int(try reader.u32())
        guard count <= 64 else { throw .corrupt("an advisory claims \(count) severity scores") }
        var out: [SeverityScore] = []
        for _ in 0..<count { out.append(SeverityScore(type: try reader.string(), score: try reader.string())) }
        return out
    }

    static func decode(_ reader: inout ByteReader) throws(DatabaseError) -> (source: Int, advisory: Advisory) {
        let source = Int(try reader.u32())
        let id = try reader.string()
        let aliases = try reader.strings()
        let modified = try reader.string()
        let published = try reader.optional()
        let summary = try reader.optional()
        let details = try reader.optional()
        let severity = try scores(&reader)
        let databaseSeverity = try reader.optional()
        let reference = try reader.optional()
        let affectedCount = Int(try reader.u32())
        guard affectedCount <= reader.remaining else { throw .corrupt("advisory \(id) claims too many packages") }
        var affected: [Affected] = []
        for _ in 0..<affectedCount {
            let ecosystem = try reader.string()
            let name = try reader.string()
            let purl = try reader.optional()
            let rangeCount = Int(try reader.u32())
            guard rangeCount <= reader.remaining else { throw .corrupt("advisory \(id) claims too many ranges") }
            var ranges: [AffectedRange] = []
            for _ in 0..<rangeCount {
                let kind: AffectedRange.Kind
                switch try reader.u8() {
                case 0: kind = .ecosystem
                case 1: kind = .semver
                case 2: kind = .git
                default: throw .corrupt("advisory \(id) has an unknown range type")
                }
                let eventCount = Int(try reader.u32())
                guard eventCount <= reader.remaining else { throw .corrupt("advisory \(id) claims too many events") }
                var events: [AffectedRange.Event] = []
                for _ in 0..<eventCount {
                    let type = try reader.u8()
                    let version = try reader.string()
                    switch type {
                    case 0: events.append(.introduced(version))
                    case 1: events.append(.fixed(version))
                    case 2: events.append(.lastAffected(version))
                    case 3: events.append(.limit(version))
                    default: throw .corrupt("advisory \(id) has an unknown range event")
                    }
                }
                ranges.append(AffectedRange(kind: kind, events: events))
            }
            let versions = try reader.strings()
            let severity = try scores(&reader)
            let ecosystemSeverity = try reader.optional()
            affected.append(
                Affected(
                    ecosystem: ecosystem, name: name, purl: purl, ranges: ranges, versions: versions,
                    severity: severity, ecosystemSeverity: ecosystemSeverity))
        }
        return (
            source,
            Advisory(
                id: id, aliases: aliases, modified: modified, published: published, summary: summary,
                details: details, severity: severity, databaseSeverity: databaseSeverity, affected: affected,
                reference: reference)
        )
    }
}
