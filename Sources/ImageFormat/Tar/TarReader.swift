#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a tar stream entry by entry, without ever holding more than one buffer of it.
///
/// Understands ustar (POSIX.1-1988), GNU long names and links (`L`/`K`), PAX extended headers (POSIX.1-2001:
/// `x` per entry, `g` global; `path`, `linkpath`, `size`, `mtime`, `uid`, `gid`, `uname`, `gname`,
/// `SCHILY.xattr.*`; of a `g` header only `mtime`, `uid`, `gid`, `uname` and `gname` carry over, at most 1 KiB), GNU sparse files (old GNU `S` headers and PAX sparse formats 0.0, 0.1 and 1.0: the real
/// size is reported in `TarEntry.sparseFileSize`), and base-256 numeric fields.
///
/// Content the caller does not read is skipped by `next()`; on a stream that seeks (an uncompressed file
/// region) content beyond the read-ahead buffer is seeked past, never read.
///
/// Paths are normalised as layers name them: a leading `./`, repeated slashes and `.` components are dropped;
/// the root directory entry (`./`) is skipped. An absolute path, a `..` component or an empty name is an
/// error naming the layer and entry (Docker rejects entries that leave the root; Shipshape also refuses the
/// absolute ones instead of silently re-rooting them).
public final class TarReader {
    /// What the stream is, for messages: a layer (`layer 2 (sha256:…) of docker-archive:app.tar`) or a file.
    public let name: String
    private let stream: any ByteStream
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var streamEnded = false
    /// The tar offset of `buffer[start]`.
    public private(set) var position: Int64 = 0

    /// How much `fill` reads at a time: on a stream that seeks it starts small after each seek and doubles while
    /// reads stay contiguous, so landing on a header after a skipped file does not read 64 KiB of the next file.
    private var readAhead: Int
    private static let minimumReadAhead = 4096
    private var contentLeft: Int64 = 0
    private var paddingLeft: Int64 = 0
    private var finished = false
    private var globalRecords: [String: [UInt8]] = [:]
    private var lastPath: String?

    /// The tar offset of the current entry's first header (extended headers included).
    public private(set) var headerOffset: Int64 = 0
    /// The tar offset of the current entry's content.
    public private(set) var contentOffset: Int64 = 0

    /// Largest extended header (PAX record set, GNU long name) accepted.
    static let maxExtendedHeader: Int64 = 1 << 20
    /// Largest entry size accepted: 1 TiB. Larger sizes are corruption or an attack.
    static let maxEntrySize: Int64 = 1 << 40
    /// The PAX global records carried into later entries: the scalar attributes. Paths, sizes, sparse maps and
    /// extended attributes in a `g` header are ignored (Docker and containerd ignore global headers altogether, so
    /// carrying more would describe files no runtime unpacks, and one header of 10,000 attributes copied into
    /// every entry exhausted memory).
    static let globalKeys: Set<String> = ["mtime", "uid", "gid", "uname", "gname"]
    /// Most bytes (keys and values) of global records carried into every later entry.
    public static let maxGlobalRecords = 1024
    /// Longest entry path or link target accepted, in bytes: Linux's PATH_MAX, so nothing longer can be unpacked
    /// (or created by `symlink(2)`) anyway.
    public static let maxPathLength = 4096
    /// Most directory levels an entry path may have. Within `maxPathLength` a path can still be 2,048 levels of
    /// one-letter names; no real layer comes near this, and everything that walks paths stays shallow.
    public static let maxPathDepth = 1024

    /// Reads `stream`; `name` says what it is in errors. `bufferSize` defaults to 256 KiB, or 64 KiB for a stream
    /// that seeks (read-ahead past content that is then skipped is wasted there).
    public init(stream: any ByteStream, name: String, bufferSize: Int? = nil) {
        self.stream = stream
        self.name = name
        let size = max(4096, bufferSize ?? (stream.seeks ? 64 << 10 : 256 << 10))
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        self.readAhead = size
    }

    deinit {
        buffer.deallocate()
    }

    // MARK: - Entries

    /// The next entry, or nil after the end-of-archive marker (or at a clean end of stream between entries).
    public func next() throws(ImageReadError) -> TarEntry? {
        while true {
            try skipBytes(contentLeft + paddingLeft)
            contentLeft = 0
            paddingLeft = 0
            if finished { return nil }
            guard let (entry, isRoot) = try readEntry() else {
                finished = true
                return nil
            }
            if isRoot { continue }
            lastPath = entry.path
            return entry
        }
    }

    /// Bytes of the current entry's content not yet read.
    public var remainingContent: Int64 { contentLeft }

    /// Reads part of the current entry's content; 0 when it is all read.
    public func readContent(into out: UnsafeMutableRawBufferPointer) throws(ImageReadError) -> Int {
        guard contentLeft > 0, out.count > 0 else { return 0 }
        let wanted = Int(min(Int64(out.count), contentLeft))
        if end == start, wanted >= buffer.count / 2 {
            // Big reads go straight to the caller's buffer.
            let got = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: out[0..<wanted]))
            guard got > 0 else { throw fail(.truncated) }
            position += Int64(got)
            contentLeft -= Int64(got)
            return got
        }
        guard try fill(1) else { throw fail(.truncated) }
        let count = min(wanted, end - start)
        out.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]))
        consume(count)
        contentLeft -= Int64(count)
        return count
    }

    /// Reads the first `limit` bytes of the current entry's remaining content (all of it when shorter).
    public func readContent(upTo limit: Int) throws(ImageReadError) -> [UInt8] {
        let count = Int(min(Int64(max(0, limit)), contentLeft))
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
        defer { raw.deallocate() }
        var done = 0
        while done < count {
            done += try readContent(into: UnsafeMutableRawBufferPointer(rebasing: raw[done..<count]))
        }
        return Array(raw)
    }

    /// Hands the rest of the current entry's content to `body` in chunks straight from the read buffer.
    public func forEachContentChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while contentLeft > 0 {
            guard try fill(1) else { throw fail(.truncated) }
            let count = Int(min(Int64(end - start), contentLeft))
            try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)]))
            consume(count)
            contentLeft -= Int64(count)
        }
    }

    /// Reads (or skips) whatever follows the end-of-archive marker, so a hashing stream below sees every byte.
    public func drain() throws(ImageReadError) {
        position += Int64(end - start)
        start = 0
        end = 0
        while try stream.skip(1 << 30) > 0 {}
    }

    // MARK: - Buffer

    private func consume(_ count: Int) {
        start += count
        position += Int64(count)
    }

    /// Makes at least `count` bytes available at `buffer[start...]`; false when the stream ends first.
    private func fill(_ count: Int) throws(ImageReadError) -> Bool {
        if end - start >= count { return true }
        if start == end {
            start = 0
            end = 0
        } else if buffer.count - start < count, let base = buffer.baseAddress {
            memmove(base, base + start, end - start)
            end -= start
            start = 0
        }
        while end - start < count, !streamEnded {
            let limit = min(buffer.count, max(end + readAhead, start + count))
            let got = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end..<limit]))
            if got == 0 { streamEnded = true } else { end += got }
            readAhead = min(readAhead * 2, buffer.count)
        }
        return end - start >= count
    }

    private func skipBytes(_ count: Int64) throws(ImageReadError) {
        guard count > 0 else { return }
        let available = Int64(end - start)
        if count <= available {
            consume(Int(count))
            return
        }
        position += available
        start = 0
        end = 0
        let left = count - available
        let skipped = streamEnded ? 0 : try stream.skip(left)
        position += skipped
        guard skipped == left else { throw fail(.truncated) }
        if stream.seeks { readAhead = TarReader.minimumReadAhead }
    }

    /// Reads `count` bytes (an extended header's payload) and the padding after it.
    private func readPayload(_ count: Int64, field: String) throws(ImageReadError) -> [UInt8] {
        guard count >= 0, count <= TarReader.maxExtendedHeader else {
            throw fail(.absurdSize(field: field, value: count))
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(count))
        var left = Int(count)
        while left > 0 {
            guard try fill(1) else { throw fail(.truncated) }
            let chunk = min(left, end - start)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<(start + chunk)]))
            consume(chunk)
            left -= chunk
        }
        try skipBytes(TarReader.padding(count))
        return out
    }

    static func padding(_ size: Int64) -> Int64 {
        let remainder = size % 512
        return remainder == 0 ? 0 : 512 - remainder
    }

    func fail(_ problem: TarProblem, at offset: Int64? = nil) -> ImageReadError {
        .tar(layer: name, entry: lastPath, offset: offset ?? position, problem: problem)
    }

    // MARK: - Headers

    /// Reads one entry with its extended headers; nil at the end of the archive. `isRoot` marks the `./` entry.
    private func readEntry() throws(ImageReadError) -> (TarEntry, isRoot: Bool)? {
        var local: [String: [UInt8]] = [:]
        var longName: [UInt8]?
        var longLink: [UInt8]?
        var pendingExtension = false
        headerOffset = position
        while true {
            let blockOffset = position
            guard try fill(512) else {
                if end == start, !pendingExtension { return nil }
                throw fail(.truncated)
            }
            let block = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + 512)])
            if TarHeader.isZero(block) {
                consume(512)
                if pendingExtension {
                    throw fail(.badExtendedHeader("an extended header is followed by the end of the archive"))
                }
                return nil
            }
            let header: TarHeader
            do {
                header = try TarHeader(block)
            } catch {
                throw fail(error, at: blockOffset)
            }
            consume(512)
            switch header.typeFlag {
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                let records = try parsePax(try readPayload(header.size, field: "PAX header"))
                local.merge(records) { _, new in new }
                pendingExtension = true
            case UInt8(ascii: "g"):
                for (key, value) in try parsePax(try readPayload(header.size, field: "PAX global header"))
                where TarReader.globalKeys.contains(key) {
                    if value.isEmpty { globalRecords[key] = nil } else { globalRecords[key] = value }
                }
                let carried = globalRecords.reduce(0) { $0 + $1.key.utf8.count + $1.value.count }
                if carried > TarReader.maxGlobalRecords {
                    throw fail(.globalHeaderTooLarge(size: carried, limit: TarReader.maxGlobalRecords))
                }
            case UInt8(ascii: "L"):
                longName = TarHeader.cString(try readPayload(header.size, field: "GNU long name"))
                pendingExtension = true
            case UInt8(ascii: "K"):
                longLink = TarHeader.cString(try readPayload(header.size, field: "GNU long link name"))
                pendingExtension = true
            default:
                var records = globalRecords
                records.merge(local) { _, new in new }
                return try makeEntry(header, records: records, longName: longName, longLink: longLink)
            }
        }
    }

    private func parsePax(_ payload: [UInt8]) throws(ImageReadError) -> [String: [UInt8]] {
        do {
            return try PaxRecords.parse(payload)
        } catch {
            throw fail(.badExtendedHeader(error.reason))
        }
    }

    private func makeEntry(
        _ header: TarHeader, records: [String: [UInt8]], longName: [UInt8]?, longLink: [UInt8]?
    ) throws(ImageReadError) -> (TarEntry, isRoot: Bool) {
        let hasRecords = !records.isEmpty
        func text(_ key: String) -> String? {
            guard hasRecords else { return nil }
            return records[key].map { String(decoding: $0, as: UTF8.self) }
        }
        func number(_ key: String) throws(ImageReadError) -> Int64? {
            guard let value = text(key) else { return nil }
            // mtime may carry a fraction ("1700000000.25"); only whole seconds are kept.
            let whole = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let parsed = Int64(whole) else { throw fail(.badExtendedHeader("\(key) is '\(value)'")) }
            return parsed
        }

        var rawPath = records["path"] ?? longName ?? header.path
        let rawLink = records["linkpath"] ?? longLink ?? header.linkName
        var storedSize = try number("size") ?? header.size
        guard storedSize >= 0, storedSize <= TarReader.maxEntrySize else {
            throw fail(.absurdSize(field: "entry size", value: storedSize))
        }

        var kind: TarEntry.Kind
        switch header.typeFlag {
        case UInt8(ascii: "0"), 0, UInt8(ascii: "7"), UInt8(ascii: "S"):
            // Pre-POSIX archives mark directories with a trailing slash on a regular entry.
            kind = header.typeFlag == 0 && rawPath.last == UInt8(ascii: "/") ? .directory : .regular
        case UInt8(ascii: "1"): kind = .hardLink
        case UInt8(ascii: "2"): kind = .symbolicLink
        case UInt8(ascii: "3"): kind = .characterDevice
        case UInt8(ascii: "4"): kind = .blockDevice
        case UInt8(ascii: "5"), UInt8(ascii: "D"): kind = .directory
        case UInt8(ascii: "6"): kind = .fifo
        default: kind = .other(header.typeFlag)
        }
        // Links, devices, directories and FIFOs have no content whatever their size field says (as Go's
        // archive/tar, which Docker uses); a GNU dump directory carries data that is skipped.
        if (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(header.typeFlag) { storedSize = 0 }

        // Sparse files: the real size, and for old GNU the extension blocks of the sparse map.
        var sparseSize: Int64?
        if header.typeFlag == UInt8(ascii: "S") {
            sparseSize = header.gnuRealSize
            var extended = header.gnuSparseExtended
            var blocks = 0
            while extended {
                blocks += 1
                guard blocks <= 1 << 16 else { throw fail(.absurdSize(field: "GNU sparse map", value: Int64(blocks))) }
                guard try fill(512) else { throw fail(.truncated) }
                extended = buffer[start + 504] != 0
                consume(512)
            }
        }
        var mapBytes: Int64 = 0
        if !hasRecords {
            // The common case: a plain ustar entry.
        } else if text("GNU.sparse.major") == "1", text("GNU.sparse.minor") == "0" {
            sparseSize = try number("GNU.sparse.realsize")
            if let name = records["GNU.sparse.name"] { rawPath = name }
            contentOffset = position
            mapBytes = try skipSparseMap(limit: storedSize)
        } else if records["GNU.sparse.size"] != nil || records["GNU.sparse.map"] != nil
            || records["GNU.sparse.numblocks"] != nil
        {
            sparseSize = try number("GNU.sparse.size")
            if sparseSize == nil { sparseSize = try number("GNU.sparse.realsize") }
            if let name = records["GNU.sparse.name"] { rawPath = name }
        }
        if let size = sparseSize, size < 0 || size > TarReader.maxEntrySize {
            throw fail(.absurdSize(field: "sparse file size", value: size))
        }

        let normalised = try normalise(rawPath)
        var linkTarget: String?
        if kind == .hardLink {
            guard let normalisedTarget = try normalise(rawLink) else {
                throw fail(.unsafePath(String(decoding: rawLink, as: UTF8.self)))
            }
            linkTarget = normalisedTarget
        } else if kind == .symbolicLink {
            try checkPathLimits(rawLink)
            linkTarget = String(decoding: rawLink, as: UTF8.self)
        } else if !rawLink.isEmpty {
            linkTarget = String(decoding: rawLink, as: UTF8.self)
        }

        var attributes: [String: [UInt8]] = [:]
        for (key, value) in records where hasRecords && key.hasPrefix("SCHILY.xattr.") {
            attributes[String(key.dropFirst("SCHILY.xattr.".count))] = value
        }
        let uid = try number("uid") ?? header.uid
        let gid = try number("gid") ?? header.gid
        let entry = TarEntry(
            path: normalised ?? "", kind: kind, size: kind == .regular || header.isOther ? storedSize - mapBytes : 0,
            mode: header.mode, uid: Int(clamping: uid), gid: Int(clamping: gid),
            userName: text("uname") ?? header.userName, groupName: text("gname") ?? header.groupName,
            linkTarget: linkTarget, modificationTime: try number("mtime") ?? header.modificationTime,
            deviceMajor: header.deviceMajor, deviceMinor: header.deviceMinor, extendedAttributes: attributes,
            sparseFileSize: sparseSize)
        if mapBytes == 0 { contentOffset = position }
        contentLeft = storedSize - mapBytes
        paddingLeft = TarReader.padding(storedSize)
        return (entry, normalised == nil)
    }

    /// Reads a PAX 1.0 sparse map (decimal numbers, one a line: the count, then offset/size pairs), which fills
    /// whole blocks at the start of the entry's data; returns how many bytes it took.
    private func skipSparseMap(limit: Int64) throws(ImageReadError) -> Int64 {
        var numbers = 0
        var needed = 1
        var current: Int64 = 0
        var digits = 0
        var used: Int64 = 0
        while numbers < needed {
            guard used + 512 <= limit else { throw fail(.badExtendedHeader("the sparse map overruns the entry")) }
            guard try fill(512) else { throw fail(.truncated) }
            for index in start..<(start + 512) where numbers < needed {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\n") {
                    guard digits > 0 else { throw fail(.badExtendedHeader("empty number in the sparse map")) }
                    if numbers == 0 {
                        guard current <= 1 << 20 else {
                            throw fail(.absurdSize(field: "sparse map entry count", value: current))
                        }
                        needed = 1 + 2 * Int(current)
                    }
                    numbers += 1
                    current = 0
                    digits = 0
                } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 {
                    current = current * 10 + Int64(byte - UInt8(ascii: "0"))
                    digits += 1
                } else {
                    throw fail(.badExtendedHeader("unexpected byte \(byte) in the sparse map"))
                }
            }
            consume(512)
            used += 512
        }
        return used
    }

    /// Layer paths relative to the root, from the header's bytes: nil for the root itself.
    ///
    /// The common clean path (no empty, `.` or `..` component, at most a leading `./` and a trailing `/`) becomes
    /// a string straight from its bytes; anything else takes the general route below.
    private func normalise(_ raw: [UInt8]) throws(ImageReadError) -> String? {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        try checkPathLimits(raw)
        var start = 0
        var end = raw.count
        if end >= 2, raw[0] == dot, raw[1] == slash { start = 2 }
        if end > start + 1, raw[end - 1] == slash { end -= 1 }
        var clean = start < end && raw[0] != slash
        var componentStart = start
        var index = start
        while clean, index <= end {
            if index == end || raw[index] == slash {
                let length = index - componentStart
                if length == 0
                    || (raw[componentStart] == dot && (length == 1 || (length == 2 && raw[componentStart + 1] == dot)))
                {
                    clean = false
                }
                componentStart = index + 1
            }
            index += 1
        }
        if clean {
            return raw.withUnsafeBufferPointer { String(decoding: $0[start..<end], as: UTF8.self) }
        }
        return try normalise(String(decoding: raw, as: UTF8.self))
    }

    /// Refuses paths over `maxPathLength` bytes or `maxPathDepth` levels, quoting only their start.
    private func checkPathLimits(_ raw: [UInt8]) throws(ImageReadError) {
        let slash = UInt8(ascii: "/")
        if raw.count > TarReader.maxPathLength {
            throw fail(.pathTooLong(excerpt: TarReader.excerpt(raw), length: raw.count, limit: TarReader.maxPathLength))
        }
        var depth = 1
        for byte in raw where byte == slash { depth += 1 }
        if depth > TarReader.maxPathDepth {
            throw fail(.pathTooDeep(excerpt: TarReader.excerpt(raw), depth: depth, limit: TarReader.maxPathDepth))
        }
    }

    /// The first 64 bytes of a path, for a message.
    static func excerpt(_ raw: [UInt8]) -> String {
        raw.count <= 64 ? String(decoding: raw, as: UTF8.self) : String(decoding: raw.prefix(64), as: UTF8.self) + "…"
    }

    private func normalise(_ path: String) throws(ImageReadError) -> String? {
        guard !path.isEmpty, !path.hasPrefix("/") else { throw fail(.unsafePath(path)) }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." { throw fail(.unsafePath(path)) }
            components.append(component)
        }
        if components.isEmpty { return nil }
        // The common case (no leading "./", no doubled or trailing slash) keeps the original string.
        if components.count == 1, components[0].count == path.count { return path }
        return components.joined(separator: "/")
    }
}
