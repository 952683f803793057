/// One installed package's header as rpm stores it in its database: the header structure of an rpm file without
/// its 8-byte magic (rpm, doc/manual/format.md, "Header": "The header structure … consists of three parts: a
/// header record, an index of tags, and a data store"; in a database each value is the header as `headerExport`
/// writes it: the index count and data length, then the index, then the data).
///
/// Only the tags an inventory needs are read (doc/manual/tags.md): NAME (1000), VERSION (1001), RELEASE (1002),
/// EPOCH (1003), VENDOR (1011), LICENSE (1014), ARCH (1022), SOURCERPM (1044), and the file list, DIRINDEXES
/// (1116), BASENAMES (1117), DIRNAMES (1118) ("the file paths are split into directory and base name … the path
/// of file N is DIRNAMES[DIRINDEXES[N]] + BASENAMES[N]"), for the few files asked for. Every offset is checked against the
/// data store and every string is bounded: the blob is hostile input.
struct RpmHeader: Equatable {
    var name: String
    var version: String
    var release: String
    var epoch: Int?
    var architecture: String?
    var sourceRPM: String?
    var license: String?
    var vendor: String?
    /// The files of the package that `init(blob:keeping:)` was asked to keep (language packages' metadata files,
    /// for ownership), absolute.
    var files: [String] = []

    enum Tag: UInt32 {
        case name = 1000
        case version = 1001
        case release = 1002
        case epoch = 1003
        case vendor = 1011
        case license = 1014
        case arch = 1022
        case sourceRPM = 1044
        case dirIndexes = 1116
        case baseNames = 1117
        case dirNames = 1118
    }

    /// lib/header.c, `hdrblobVerifyInfo` and `headerImport`: "il" (the index count) is at most
    /// `HEADER_TAGS_MAX` (0xffff), "dl" (the data length) at most `HEADER_DATA_MAX` (0x0fffffff), and the blob
    /// holds `8 + il * 16 + dl` bytes.
    static let maximumTags = 0xffff
    static let maximumData = 0x0fff_ffff
    /// Longest string kept (a licence expression, a vendor).
    static let stringLimit = 4096

    /// rpm, doc/manual/format.md, "Index Entry": "tag (4 bytes), type (4 bytes), offset (4 bytes), count (4
    /// bytes)", all "in network byte order"; types `RPM_INT32_TYPE = 4`, `RPM_STRING_TYPE = 6`,
    /// `RPM_STRING_ARRAY_TYPE = 8`, `RPM_I18NSTRING_TYPE = 9` (the first string is the "C" locale's).
    init(blob: ArraySlice<UInt8>, keeping keep: (String) -> Bool = { _ in false }) throws(RpmDatabaseError) {
        let base = blob.startIndex
        guard blob.count >= 8 else { throw .badHeader("\(blob.count) bytes, shorter than a header's 8") }
        let tags = Int(RpmHeader.bigEndian32(blob, base))
        let dataLength = Int(RpmHeader.bigEndian32(blob, base + 4))
        guard tags >= 1, tags <= RpmHeader.maximumTags else { throw .badHeader("an index of \(tags) entries") }
        guard dataLength <= RpmHeader.maximumData else { throw .badHeader("a data store of \(dataLength) bytes") }
        let store = base + 8 + tags * 16
        guard store + dataLength <= blob.endIndex else {
            throw .badHeader("\(tags) index entries and \(dataLength) data bytes do not fit in \(blob.count) bytes")
        }
        let data = blob[store..<(store + dataLength)]
        var strings: [Tag: String] = [:]
        var epoch: Int?
        var arrays: [Tag: [String]] = [:]
        var indexes: [Int] = []
        for entry in 0..<tags {
            let at = base + 8 + entry * 16
            guard let tag = Tag(rawValue: RpmHeader.bigEndian32(blob, at)) else { continue }
            let type = RpmHeader.bigEndian32(blob, at + 4)
            let offset = Int(RpmHeader.bigEndian32(blob, at + 8))
            let count = Int(RpmHeader.bigEndian32(blob, at + 12))
            guard offset < dataLength else { throw .badHeader("tag \(tag.rawValue) points past the data store") }
            let start = data.startIndex + offset
            switch (tag, type) {
            case (.epoch, 4):
                guard count >= 1, start + 4 <= data.endIndex else { throw .badHeader("a cut EPOCH") }
                epoch = Int(RpmHeader.bigEndian32(data, start))
            case (.dirIndexes, 4):
                guard count <= dataLength / 4, start + count * 4 <= data.endIndex else {
                    throw .badHeader("a cut DIRINDEXES")
                }
                indexes = (0..<count).map { Int(RpmHeader.bigEndian32(data, start + $0 * 4)) }
            case (.baseNames, 8), (.dirNames, 8):
                guard count <= dataLength else { throw .badHeader("tag \(tag.rawValue) claims \(count) strings") }
                var list: [String] = []
                list.reserveCapacity(count)
                var at = start
                for _ in 0..<count {
                    guard let end = data[at...].firstIndex(of: 0) else {
                        throw .badHeader("tag \(tag.rawValue)'s strings are not terminated")
                    }
                    list.append(String(decoding: data[at..<end], as: UTF8.self))
                    at = end + 1
                }
                arrays[tag] = list
            case (_, 6), (_, 8), (_, 9):
                guard count >= 1, let end = data[start...].firstIndex(of: 0) else {
                    throw .badHeader("tag \(tag.rawValue)'s string is not terminated")
                }
                strings[tag] = RpmHeader.text(data[start..<end])
            default:
                throw .badHeader("tag \(tag.rawValue) has type \(type)")
            }
        }
        guard let name = strings[.name], !name.isEmpty else { throw .badHeader("no NAME") }
        guard let version = strings[.version], !version.isEmpty else { throw .badHeader("'\(name)' has no VERSION") }
        self.name = name
        self.version = version
        self.release = strings[.release] ?? ""
        self.epoch = epoch
        self.architecture = strings[.arch]
        self.sourceRPM = strings[.sourceRPM]
        self.license = strings[.license]
        self.vendor = strings[.vendor]
        let directories = arrays[.dirNames] ?? []
        for (position, base) in (arrays[.baseNames] ?? []).enumerated() where position < indexes.count {
            let directory = indexes[position]
            guard directory >= 0, directory < directories.count else { continue }
            let path = directories[directory] + base
            if keep(path) { files.append(path) }
        }
    }

    init(
        name: String, version: String, release: String, epoch: Int? = nil, architecture: String? = nil,
        sourceRPM: String? = nil, license: String? = nil, vendor: String? = nil
    ) {
        self.name = name
        self.version = version
        self.release = release
        self.epoch = epoch
        self.architecture = architecture
        self.sourceRPM = sourceRPM
        self.license = license
        self.vendor = vendor
    }

    /// `[EPOCH:]VERSION-RELEASE`, as `rpm -q --qf '%{EVR}'` prints it and OSV's rpm ecosystems compare it.
    var evr: String {
        let versionRelease = release.isEmpty ? version : version + "-" + release
        return epoch.map { "\($0):" + versionRelease } ?? versionRelease
    }

    /// The source package from SOURCERPM, `NAME-VERSION-RELEASE.src.rpm` (rpm's file naming, `%{NAME}-%{VERSION}-
    /// %{RELEASE}.src.rpm`): the name is what precedes the last two dashes. Nil when the field has another shape.
    var source: SourcePackage? {
        guard let sourceRPM else { return nil }
        var stem = Substring(sourceRPM)
        for suffix in [".src.rpm", ".nosrc.rpm"] where stem.hasSuffix(suffix) {
            stem = stem.dropLast(suffix.count)
        }
        guard stem.count < sourceRPM.count else { return nil }
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.suffix(3).allSatisfy({ !$0.isEmpty }) else { return nil }
        let name = parts.dropLast(2).joined(separator: "-")
        let versionRelease = parts.suffix(2).joined(separator: "-")
        return SourcePackage(name: name, version: epoch.map { "\($0):" + versionRelease } ?? versionRelease)
    }

    static func bigEndian32(_ bytes: ArraySlice<UInt8>, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// A header string, at most `stringLimit` bytes, control characters (a tab or newline included) as spaces.
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let decoded = String(decoding: bytes.prefix(stringLimit), as: UTF8.self)
        return String(
            String.UnicodeScalarView(
                decoded.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
