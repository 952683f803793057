/// The values of a Berkeley DB hash database, as rpm up to 4.16 stored its `Packages` (RHEL 7 and 8, CentOS, Amazon
/// Linux 2): a hash keyed by the 4-byte header number, each value one package's header blob.
///
/// Berkeley DB's on-disk format (db/dbinc/db_page.h, hash.h): page 0 is the hash metadata page, "magic" at offset 12
/// (`DB_HASHMAGIC 0x061561`, in the byte order of the machine that wrote the file), "pagesize" at 20, "type" at 25
/// (`P_HASHMETA 8`) and "last_pgno" at 32. Every page has the 26-byte header `PAGE` ("lsn 8, pgno 4, prev_pgno 4,
/// next_pgno 4, entries 2, hf_offset 2, level 1, type 1") followed by `inp[]`, the offsets of its items; hash pages
/// (`P_HASH 13`, `P_HASH_UNSORTED 2`) hold key and data items alternately, each starting with its type:
/// `H_KEYDATA 1` ("the data follows"), `H_OFFPAGE 3` (`HOFFPAGE`: "type 1, unused 3, pgno 4, tlen 4", the item is on
/// a chain of overflow pages). Overflow pages (`P_OVERFLOW 7`) carry `hf_offset` bytes after their header
/// ("OV_LEN") and link on with `next_pgno`. The pages are read one by one, not through the hash function, so a
/// damaged bucket chain loses only its own items.
struct BerkeleyHashDatabase {
    let bytes: [UInt8]
    let pageSize: Int
    let pageCount: Int
    let bigEndian: Bool
    /// The metadata page names more pages than the file holds: the ones present are read.
    let isCut: Bool

    static let magic: UInt32 = 0x0006_1561

    init(_ bytes: [UInt8]) throws(RpmDatabaseError) {
        guard bytes.count >= 512 else { throw .badBerkeleyDB("\(bytes.count) bytes, shorter than a metadata page") }
        let little = UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24
        let big = UInt32(bytes[15]) | UInt32(bytes[14]) << 8 | UInt32(bytes[13]) << 16 | UInt32(bytes[12]) << 24
        guard little == BerkeleyHashDatabase.magic || big == BerkeleyHashDatabase.magic else {
            throw .badBerkeleyDB("no hash database magic at offset 12")
        }
        let bigEndian = big == BerkeleyHashDatabase.magic
        let size = Int(BerkeleyHashDatabase.read32(bytes, 20, bigEndian: bigEndian))
        guard size >= 512, size <= 65536, size & (size - 1) == 0 else {
            throw .badBerkeleyDB("a page size of \(size)")
        }
        guard bytes[25] == 8 else { throw .badBerkeleyDB("page 0 is of type \(bytes[25]), not hash metadata") }
        let last = Int(BerkeleyHashDatabase.read32(bytes, 32, bigEndian: bigEndian))
        let present = bytes.count / size
        self.bytes = bytes
        self.pageSize = size
        self.pageCount = min(last + 1, present)
        self.isCut = last >= present
        self.bigEndian = bigEndian
    }

    /// Every key/value pair of the hash pages, in page order; `visit` gets the key and the value (overflow chains
    /// followed), or the error that made one value unreadable (the others are still read).
    func pairs(_ visit: (ArraySlice<UInt8>, Result<ArraySlice<UInt8>, RpmDatabaseError>) -> Void) {
        for page in 1..<max(pageCount, 1) {
            let start = page * pageSize
            let type = bytes[start + 25]
            guard type == 13 || type == 2 else { continue }
            let entries = Int(read16(start + 20))
            guard 26 + entries * 2 <= pageSize else {
                visit([], .failure(.badBerkeleyDB("hash page \(page) claims \(entries) items")))
                continue
            }
            var index = 1
            while index < entries {
                let key = item(page: page, index: index - 1, entries: entries)
                let value = item(page: page, index: index, entries: entries)
                index += 2
                switch (key, value) {
                case (.success(let key), .success(let value)): visit(key, .success(value))
                case (.failure(let error), _), (_, .failure(let error)): visit([], .failure(error))
                }
            }
        }
    }

    /// One item of a hash page, its content when `H_KEYDATA` (an item ends where the one before it begins: items
    /// are stored from the end of the page backwards), or the overflow chain's content when `H_OFFPAGE`.
    func item(page: Int, index: Int, entries: Int) -> Result<ArraySlice<UInt8>, RpmDatabaseError> {
        let start = page * pageSize
        let offset = Int(read16(start + 26 + index * 2))
        let end = index == 0 ? pageSize : Int(read16(start + 26 + (index - 1) * 2))
        guard offset >= 26 + entries * 2, offset < end, end <= pageSize else {
            return .failure(.badBerkeleyDB("item \(index) of hash page \(page) is outside it"))
        }
        switch bytes[start + offset] {
        case 1:
            return .success(bytes[(start + offset + 1)..<(start + end)])
        case 3:
            guard offset + 12 <= end else {
                return .failure(.badBerkeleyDB("item \(index) of hash page \(page) is a cut overflow reference"))
            }
            return overflow(from: Int(read32(start + offset + 4)), length: Int(read32(start + offset + 8)), page: page)
        case let type:
            return .failure(.badBerkeleyDB("item \(index) of hash page \(page) has type \(type)"))
        }
    }

    func overflow(from first: Int, length: Int, page: Int) -> Result<ArraySlice<UInt8>, RpmDatabaseError> {
        guard length <= bytes.count else {
            return .failure(.badBerkeleyDB("an item of page \(page) claims \(length) bytes"))
        }
        var result: [UInt8] = []
        result.reserveCapacity(length)
        var next = first
        var chained = 0
        while result.count < length {
            chained += 1
            guard next >= 1, next < pageCount, chained <= pageCount else {
                return .failure(.badBerkeleyDB("the overflow chain from page \(page) reaches page \(next) (cut?)"))
            }
            let start = next * pageSize
            let onPage = Int(read16(start + 22))
            guard bytes[start + 25] == 7, onPage <= pageSize - 26 else {
                return .failure(.badBerkeleyDB("page \(next), on an overflow chain, is not an overflow page"))
            }
            result += bytes[(start + 26)..<(start + 26 + min(onPage, length - result.count))]
            next = Int(read32(start + 16))
            if onPage == 0 { break }
        }
        guard result.count == length else {
            return .failure(.badBerkeleyDB("the overflow chain from page \(page) ends after \(result.count) bytes"))
        }
        return .success(result[...])
    }

    func read16(_ at: Int) -> UInt16 {
        bigEndian ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
    }

    func read32(_ at: Int) -> UInt32 { BerkeleyHashDatabase.read32(bytes, at, bigEndian: bigEndian) }

    static func read32(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> UInt32 {
        let (a, b, c, d) = (UInt32(bytes[at]), UInt32(bytes[at + 1]), UInt32(bytes[at + 2]), UInt32(bytes[at + 3]))
        return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a
    }
}
