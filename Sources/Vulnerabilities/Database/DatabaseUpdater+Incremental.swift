/// Incremental updates: OSV's bucket publishes `<ecosystem>/modified_id.csv`, one line per record,
/// `<RFC 3339 modified>,<id>`, newest first, and each record as `<ecosystem>/<id>.json`. An ecosystem the database
/// already holds from the bucket fetches only the records modified after the newest it has.
extension DatabaseUpdater {
    /// More changed records than this are fetched as the whole `all.zip` (one download beats thousands).
    public static let incrementalLimit = 1_000

    enum Plan: Equatable {
        /// Download the whole `all.zip` (the note says why).
        case whole(String)
        /// Nothing changed since the database's newest record.
        case upToDate(String)
        /// Fetch these records one by one and merge them.
        case records([String], String)
    }

    /// What to fetch for an ecosystem whose `all.zip` the database already holds as `source`. Any failure of the
    /// list (missing, too large, unreadable, no usable line) falls back to the whole archive, with the reason.
    func incrementalPlan(_ ecosystem: String, source: DatabaseSource, scratch: String) async -> Plan {
        guard let since = Self.timestampKey(source.newestModified) else {
            return .whole("the database has no newest modified time for it; the whole all.zip")
        }
        defer { LocalFile.remove(scratch) }
        let address = listURL(ecosystem: ecosystem)
        let bytes: [UInt8]
        do {
            guard
                try await download(
                    address, to: scratch, label: ecosystem + " modified_id.csv", progress: nil,
                    limit: listLimit, allowMissing: true)
            else { return .whole("the bucket has no modified_id.csv; the whole all.zip") }
            bytes = try DatabaseImporter.readFile(scratch, limit: Int(listLimit))
        } catch {
            return .whole("modified_id.csv could not be used (\(error)); the whole all.zip")
        }
        let list = Self.changedRecords(bytes, since: since)
        if list.lines == 0 { return .whole("modified_id.csv has no usable line; the whole all.zip") }
        var note = ""
        if let bad = list.rejected.first {
            note = "; \(list.rejectedCount) lines of modified_id.csv refused (the first: \(bad))"
        }
        if list.ids.isEmpty { return .upToDate("up to date (nothing modified after \(source.newestModified))" + note) }
        if list.ids.count > Self.incrementalLimit {
            return .whole(
                "\(list.ids.count) records modified after \(source.newestModified), more than "
                    + "\(Self.incrementalLimit); the whole all.zip" + note)
        }
        return .records(
            list.ids,
            "\(list.ids.count) record\(list.ids.count == 1 ? "" : "s") modified after \(source.newestModified), "
                + "fetched one by one" + note)
    }

    /// The ids of `modified_id.csv` modified after `since` (a `timestampKey`), each once, in the list's order;
    /// the lines read and those refused (a malformed time, an id that is not a plain OSV id: `../x`, `a/b`).
    static func changedRecords(_ bytes: [UInt8], since: String) -> (
        ids: [String], lines: Int, rejected: [String], rejectedCount: Int
    ) {
        var ids: [String] = []
        var seen = Set<String>()
        var lines = 0
        var rejected: [String] = []
        var rejectedCount = 0
        for raw in bytes.split(separator: 0x0a, omittingEmptySubsequences: true) {
            var line = raw[...]
            if line.last == 0x0d { line = line.dropLast() }
            guard !line.isEmpty else { continue }
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            let text = String(decoding: line.prefix(120), as: UTF8.self)
            guard fields.count == 2, let time = timestampKey(String(decoding: fields[0], as: UTF8.self)),
                let id = String(validating: fields[1], as: UTF8.self), isRecordID(id)
            else {
                rejectedCount += 1
                if rejected.count < 3 { rejected.append("'\(text)'") }
                continue
            }
            lines += 1
            if time > since, seen.insert(id).inserted { ids.append(id) }
        }
        return (ids, lines, rejected, rejectedCount)
    }

    /// Whether `id` can name a file and a URL path segment as it is: OSV ids are letters, digits, `-`, `_`, `.`
    /// and `:` (`PYSEC-2021-1`, `GHSA-xxxx-xxxx-xxxx`, `DEBIAN-CVE-2024-1`), never `/`, never starting with `.`.
    static func isRecordID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 200, id.utf8.first != UInt8(ascii: ".") else { return false }
        return id.utf8.allSatisfy { byte in
            byte.isASCIIAlphanumeric || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        }
    }

    /// An RFC 3339 time in UTC (`2024-05-01T12:00:00Z`, `…:00.123456Z`, `…:00+00:00`) as a key that sorts as the
    /// time does (`2024-05-01T12:00:00.123456000`): the fraction padded to nanoseconds, since `…:00Z` would sort
    /// after `…:00.5Z` as text. Nil for anything else.
    static func timestampKey(_ text: String) -> String? {
        var utf8 = Array(text.utf8)
        if utf8.count > 6, Array(utf8.suffix(6)) == Array("+00:00".utf8) {
            utf8.removeLast(6)
        } else if utf8.last == UInt8(ascii: "Z") || utf8.last == UInt8(ascii: "z") {
            utf8.removeLast()
        } else {
            return nil
        }
        guard utf8.count >= 19 else { return nil }
        let pattern = Array("dddd-dd-ddTdd:dd:dd".utf8)
        for (index, expected) in pattern.enumerated() {
            let byte = utf8[index]
            let ok =
                expected == UInt8(ascii: "d")
                ? byte.isASCIIDigit
                : expected == UInt8(ascii: "T") ? byte == expected || byte == UInt8(ascii: "t") : byte == expected
            guard ok else { return nil }
        }
        var fraction = utf8.dropFirst(19)
        if !fraction.isEmpty {
            guard fraction.first == UInt8(ascii: "."), fraction.count >= 2, fraction.count <= 10,
                fraction.dropFirst().allSatisfy(\.isASCIIDigit)
            else { return nil }
            fraction = fraction.dropFirst()
        }
        let digits = String(decoding: fraction, as: UTF8.self)
        let head =
            String(decoding: utf8.prefix(10), as: UTF8.self) + "T" + String(decoding: utf8[11..<19], as: UTF8.self)
        return head + "." + digits + String(repeating: "0", count: 9 - digits.count)
    }

    /// `<bucket>/<ecosystem>/modified_id.csv`.
    func listURL(ecosystem: String) -> String {
        String(url(ecosystem: ecosystem).dropLast("all.zip".count)) + "modified_id.csv"
    }

    /// `<bucket>/<ecosystem>/<id>.json`; `id` has passed `isRecordID`.
    func recordURL(ecosystem: String, id: String) -> String {
        String(url(ecosystem: ecosystem).dropLast("all.zip".count)) + id + ".json"
    }
}
