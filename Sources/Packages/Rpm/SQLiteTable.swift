/// A read-only reader of one table of an SQLite database file: what `rpmdb.sqlite` needs (its `Packages` table,
/// `hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL`), after sqlite.org/fileformat2.html ("Database
/// File Format"). No SQL, no indexes, no write-ahead log: the schema table is read for the table's root page, then
/// the table's b-tree is walked, every page number and offset checked, every page visited at most once.
struct SQLiteTable {
    let bytes: [UInt8]
    let pageSize: Int
    /// fileformat2 1.3.4: "The usable size is the page size less the number of bytes of reserved space".
    let usableSize: Int
    let pageCount: Int

    /// fileformat2 1.3: "Every valid SQLite database file begins with the following 16 bytes (in hex): 53 51 4c 69
    /// 74 65 20 66 6f 72 6d 61 74 20 33 00"; 1.3.2: the page size at offset 16 "must be a power of two between 512
    /// and 32768 inclusive, or the value 1 representing a page size of 65536"; 1.3.4 "The usable size is not
    /// allowed to be less than 480".
    init(_ bytes: [UInt8]) throws(RpmDatabaseError) {
        guard bytes.count >= 100, bytes.prefix(16).elementsEqual(Array("SQLite format 3\u{0}".utf8)) else {
            throw .badSQLite("no 'SQLite format 3' header")
        }
        let raw = Int(bytes[16]) << 8 | Int(bytes[17])
        let size = raw == 1 ? 65536 : raw
        guard size >= 512, size <= 65536, size & (size - 1) == 0 else {
            throw .badSQLite("a page size of \(raw)")
        }
        pageSize = size
        usableSize = size - Int(bytes[20])
        guard usableSize >= 480 else { throw .badSQLite("a usable page size of \(usableSize)") }
        pageCount = bytes.count / size
        self.bytes = bytes
    }

    /// fileformat2 2.6: "The sqlite_schema table … has the following schema: CREATE TABLE sqlite_schema(type text,
    /// name text, tbl_name text, rootpage integer, sql text)", rooted at page 1.
    func rootPage(of table: String) throws(RpmDatabaseError) -> Int {
        var found: Int?
        try rows(root: 1) { _, values in
            if values.count >= 4, case .text(let type) = values[0], type.elementsEqual("table".utf8),
                case .text(let name) = values[1], name.elementsEqual(table.utf8), case .integer(let root) = values[3]
            {
                found = Int(clamping: root)
                return false
            }
            return true
        }
        guard let found, found >= 1, found <= pageCount else { throw .badSQLite("no table '\(table)'") }
        return found
    }

    enum Value: Equatable {
        case null
        case integer(Int64)
        case real
        case text(ArraySlice<UInt8>)
        case blob(ArraySlice<UInt8>)
    }

    /// Each row of the table b-tree rooted at `root`, in rowid order, until `visit` returns false.
    ///
    /// fileformat2 1.6: a b-tree page's header: "0 1 The one-byte flag … A value of 5 (0x05) means the page is an
    /// interior table b-tree page. A value of 13 (0x0d) means the page is a leaf table b-tree page"; "3 2 … the
    /// number of cells on the page"; "8 4 The four-byte page number at offset 8 is the right-most pointer. This
    /// value appears in the header of interior b-tree pages only". "The cell pointer array … consists of K 2-byte
    /// integer offsets to the cell contents." Table interior cells: "A 4-byte big-endian page number which is the
    /// left child pointer. A varint which is the integer key"; table leaf cells: "A varint which is the total
    /// number of bytes of payload, including any overflow; A varint which is the integer key, a.k.a. "rowid"; The
    /// initial portion of the payload that does not spill to overflow pages; A 4-byte big-endian integer page
    /// number for the first page of the overflow page list - omitted if all payload fits on the b-tree page."
    func rows(root: Int, visit: (Int64, [Value]) -> Bool) throws(RpmDatabaseError) {
        var stack = [root]
        var seen = Set<Int>()
        while let page = stack.popLast() {
            guard page >= 1, page <= pageCount else {
                throw .badSQLite("page \(page) is past the file's \(pageCount) pages (cut?)")
            }
            guard seen.insert(page).inserted else { throw .badSQLite("page \(page) is reached twice") }
            let start = (page - 1) * pageSize
            let header = page == 1 ? start + 100 : start
            let kind = bytes[header]
            let cells = Int(bytes[header + 3]) << 8 | Int(bytes[header + 4])
            let interior = kind == 0x05
            guard interior || kind == 0x0d else {
                throw .badSQLite("page \(page) is of kind \(kind), not a table b-tree page")
            }
            let pointers = header + (interior ? 12 : 8)
            guard pointers + cells * 2 <= start + usableSize else {
                throw .badSQLite("page \(page) claims \(cells) cells")
            }
            if interior {
                // Children pushed so the leftmost is visited first (rowid order).
                stack.append(Int(bigEndian32(header + 8)))
                for cell in (0..<cells).reversed() {
                    let offset = start + (Int(bytes[pointers + cell * 2]) << 8 | Int(bytes[pointers + cell * 2 + 1]))
                    guard offset >= pointers, offset + 4 <= start + usableSize else {
                        throw .badSQLite("cell \(cell) of page \(page) is outside it")
                    }
                    stack.append(Int(bigEndian32(offset)))
                }
                continue
            }
            for cell in 0..<cells {
                let offset = start + (Int(bytes[pointers + cell * 2]) << 8 | Int(bytes[pointers + cell * 2 + 1]))
                guard offset >= pointers, offset < start + usableSize else {
                    throw .badSQLite("cell \(cell) of page \(page) is outside it")
                }
                var at = offset
                let size = try varint(&at, end: start + usableSize)
                let rowid = try varint(&at, end: start + usableSize)
                let payload = try self.payload(at: at, size: size, page: page, pageEnd: start + usableSize)
                guard visit(rowid, try record(payload, page: page)) else { return }
            }
        }
    }

    /// fileformat2 1.6, table leaf cells: "Let X be U-35. If the payload size P is less than or equal to X then
    /// the entire payload is stored on the b-tree leaf page. Let M be ((U-12)*32/255)-23 and let K be
    /// M+((P-M)%(U-4)). If P is greater than X then the number of bytes stored on the table b-tree leaf page is K
    /// if K is less or equal to X or M otherwise." 1.7: "The first four bytes of each overflow page are a
    /// big-endian integer which is the page number of the next page in the chain, or zero for the final page in
    /// the chain. The fifth byte through the last usable byte are used to hold overflow content."
    func payload(at start: Int, size: Int64, page: Int, pageEnd: Int) throws(RpmDatabaseError) -> ArraySlice<UInt8> {
        guard size >= 0, size <= Int64(bytes.count) else {
            throw .badSQLite("a cell of page \(page) claims \(size) bytes")
        }
        let total = Int(size)
        let usable = usableSize
        let maximumLocal = usable - 35
        let minimumLocal = (usable - 12) * 32 / 255 - 23
        var local = total
        if total > maximumLocal {
            let k = minimumLocal + (total - minimumLocal) % (usable - 4)
            local = k <= maximumLocal ? k : minimumLocal
        }
        let overflow = total > local
        guard start + local + (overflow ? 4 : 0) <= pageEnd else {
            throw .badSQLite("a cell of page \(page) runs past the page")
        }
        if !overflow { return bytes[start..<(start + local)] }
        var result = Array(bytes[start..<(start + local)])
        result.reserveCapacity(total)
        var next = Int(bigEndian32(start + local))
        var chained = 0
        while result.count < total {
            guard next >= 1, next <= pageCount else {
                throw .badSQLite("an overflow chain from page \(page) reaches page \(next), past the file (cut?)")
            }
            chained += 1
            guard chained <= pageCount else { throw .badSQLite("an overflow chain from page \(page) loops") }
            let base = (next - 1) * pageSize
            let take = min(usable - 4, total - result.count)
            result += bytes[(base + 4)..<(base + 4 + take)]
            next = Int(bigEndian32(base))
        }
        return result[...]
    }

    /// fileformat2 2.1, "Record Format": "The header begins with a single varint which determines the total number
    /// of bytes in the header … Following the size varint are one or more additional varints, one per column";
    /// serial types 0 NULL, 1–6 big-endian integers of 1, 2, 3, 4, 6, 8 bytes, 7 a float, 8 and 9 the integers 0
    /// and 1, "N≥12 and even: Value is a BLOB that is (N-12)/2 bytes in length", "N≥13 and odd: Value is a string
    /// … (N-13)/2 bytes"; 10 and 11 are reserved.
    func record(_ payload: ArraySlice<UInt8>, page: Int) throws(RpmDatabaseError) -> [Value] {
        var at = payload.startIndex
        let headerSize = try varint(&at, end: payload.endIndex, in: payload)
        guard headerSize >= 1, headerSize <= Int64(payload.count) else {
            throw .badSQLite("a record on page \(page) has a header of \(headerSize) bytes")
        }
        let headerEnd = payload.startIndex + Int(headerSize)
        var body = headerEnd
        var values: [Value] = []
        while at < headerEnd {
            let type = try varint(&at, end: headerEnd, in: payload)
            let length: Int
            switch type {
            case 0, 8, 9: length = 0
            case 1...4: length = Int(type)
            case 5: length = 6
            case 6, 7: length = 8
            case 10, 11: throw .badSQLite("a record on page \(page) uses reserved serial type \(type)")
            default:
                guard type >= 12, type <= Int64(payload.count) * 2 + 13 else {
                    throw .badSQLite("a record on page \(page) has a column of serial type \(type)")
                }
                length = Int((type - 12) / 2)
            }
            guard body + length <= payload.endIndex else {
                throw .badSQLite("a record on page \(page) is longer than its payload")
            }
            let field = payload[body..<(body + length)]
            body += length
            switch type {
            case 0: values.append(.null)
            case 8: values.append(.integer(0))
            case 9: values.append(.integer(1))
            case 1...6:
                var value = Int64(Int8(bitPattern: field.first ?? 0))
                for byte in field.dropFirst() { value = value << 8 | Int64(byte) }
                values.append(.integer(value))
            case 7: values.append(.real)
            default: values.append(type % 2 == 0 ? .blob(field) : .text(field))
            }
        }
        return values
    }

    /// fileformat2 1.6: "A variable-length integer or "varint" … is 1 to 9 bytes in length. The varint consists of
    /// either zero or more bytes which have the high-order bit set followed by a single byte with the high-order bit
    /// clear, or nine bytes, whichever is shorter. The lower seven bits of each of the first eight bytes and all 8
    /// bits of the ninth byte are used to reconstruct the 64-bit twos-complement integer. Varints are big-endian".
    func varint(_ at: inout Int, end: Int) throws(RpmDatabaseError) -> Int64 {
        try varint(&at, end: end, in: bytes[...])
    }

    func varint(_ at: inout Int, end: Int, in source: ArraySlice<UInt8>) throws(RpmDatabaseError) -> Int64 {
        var value: UInt64 = 0
        for index in 0..<9 {
            guard at < end, at < source.endIndex else { throw .badSQLite("a varint runs past its page") }
            let byte = source[at]
            at += 1
            if index == 8 { return Int64(bitPattern: value << 8 | UInt64(byte)) }
            value = value << 7 | UInt64(byte & 0x7f)
            if byte & 0x80 == 0 { break }
        }
        return Int64(bitPattern: value)
    }

    func bigEndian32(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
