/// The header blobs of rpm's own "ndb" package database, `Packages.db` (SUSE since SLE 15 SP3 and openSUSE), after
/// rpm's lib/backend/ndb/rpmpkg.c, the format's only description. All integers are little-endian (`le2h`).
///
/// "PKGDB_HEADER_SIZE 32": magic `'R' | 'p' << 8 | 'm' << 16 | 'P' << 24` at 0, version (0) at 4, generation at 8,
/// "slotnpages" at 12. The first `slotnpages` pages of `PAGE_SIZE` 4096 bytes are slots of `SLOT_SIZE` 16 bytes
/// ("the first slots (i.e. 32 bytes) are used for the header"): `SLOT_MAGIC` ('Slot'), pkgidx, blkoff, blkcnt; "if
/// (!blkoff)" the slot is free. A blob starts at `blkoff * BLK_SIZE` (16): "head: magic + pkgidx + timestamp +
/// bloblen" with `BLOBHEAD_MAGIC` ('BlbS'), then the header blob; rpmpkgReadSlots rejects "slot->blkoff +
/// slot->blkcnt > fileblks" ("truncated database") and "!slot->pkgidx || !slot->blkcnt || slot->blkoff <
/// minblkoff" ("bad entry").
enum NDBPackages {
    static let headerMagic: UInt32 = 0x506d_7052
    static let slotMagic: UInt32 = 0x746f_6c53
    static let blobMagic: UInt32 = 0x5362_6c42
    static let pageSize = 4096

    /// Each package's index and header blob, or why that one blob is unreadable.
    static func blobs(_ bytes: [UInt8]) throws(RpmDatabaseError) -> [(
        index: UInt32, blob: Result<ArraySlice<UInt8>, RpmDatabaseError>
    )] {
        guard bytes.count >= 32, read32(bytes, 0) == headerMagic else { throw .badNDB("no 'RpmP' header") }
        guard read32(bytes, 4) == 0 else { throw .badNDB("version \(read32(bytes, 4)), not 0") }
        let slotPages = Int(read32(bytes, 12))
        guard slotPages >= 1, slotPages <= bytes.count / pageSize else {
            throw .badNDB("\(slotPages) slot pages in a file of \(bytes.count) bytes (cut?)")
        }
        let blocks = bytes.count / 16
        let firstBlob = slotPages * (pageSize / 16)
        var result: [(index: UInt32, blob: Result<ArraySlice<UInt8>, RpmDatabaseError>)] = []
        var slot = 32
        while slot < slotPages * pageSize {
            defer { slot += 16 }
            guard read32(bytes, slot) == slotMagic else { throw .badNDB("slot at byte \(slot) has no 'Slot' magic") }
            let index = read32(bytes, slot + 4)
            let offset = Int(read32(bytes, slot + 8))
            let count = Int(read32(bytes, slot + 12))
            if offset == 0 { continue }
            guard index != 0, count != 0, offset >= firstBlob else {
                result.append((index, .failure(.badNDB("slot at byte \(slot) is a bad entry"))))
                continue
            }
            guard offset + count <= blocks else {
                result.append((index, .failure(.badNDB("package \(index)'s blob runs past the end (cut?)"))))
                continue
            }
            let start = offset * 16
            let length = Int(read32(bytes, start + 12))
            guard read32(bytes, start) == blobMagic, read32(bytes, start + 4) == index else {
                result.append((index, .failure(.badNDB("package \(index)'s blob has no 'BlbS' head"))))
                continue
            }
            guard 16 + length <= count * 16 else {
                result.append((index, .failure(.badNDB("package \(index)'s blob is longer than its blocks"))))
                continue
            }
            result.append((index, .success(bytes[(start + 16)..<(start + 16 + length)])))
        }
        return result
    }

    static func read32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
