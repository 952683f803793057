import Crypto
import Registry
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `db update`: downloads OSV's per-ecosystem `all.zip` from the public bucket (`<ecosystem>/all.zip`) through the
/// given HTTP client (libcurl in the tool: TLS verified), checks its length and the bucket's MD5 (`x-goog-hash`),
/// then imports every download in one atomic replacement. A failed or interrupted download leaves the database as
/// it was.
public struct DatabaseUpdater: Sendable {
    public static let bucket = "https://osv-vulnerabilities.storage.googleapis.com"
    /// The ecosystems `db update` fetches when none are named and the database has no downloaded sources yet.
    public static let defaultEcosystems = [
        "PyPI", "npm", "Go", "crates.io", "Maven", "RubyGems", "Packagist", "NuGet", "Debian", "Ubuntu", "Alpine",
    ]

    public var client: any HTTPClient
    public var baseURL: String
    public var importer: DatabaseImporter
    /// An archive larger than this is refused while it streams.
    public var sizeLimit: Int64
    /// A `modified_id.csv` larger than this is not read (the whole `all.zip` is fetched instead).
    public var listLimit: Int64 = 64 << 20

    public init(
        client: any HTTPClient, baseURL: String = DatabaseUpdater.bucket,
        importer: DatabaseImporter = DatabaseImporter(),
        sizeLimit: Int64 = 8 << 30
    ) {
        self.client = client
        self.baseURL = baseURL
        self.importer = importer
        self.sizeLimit = sizeLimit
    }

    /// The inverse of `url(ecosystem:)`'s encoding: `%XX` to the byte; nil when an escape is malformed or the bytes
    /// are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The URL of an ecosystem's archive; the name is percent-encoded as a path segment ("crates.io",
    /// "Rocky Linux").
    public func url(ecosystem: String) -> String {
        var segment = ""
        for byte in ecosystem.utf8 {
            if byte.isASCIIAlphanumeric || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            {
                segment.append(Character(Unicode.Scalar(byte)))
            } else {
                segment += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return baseURL + "/" + segment + "/all.zip"
    }

    /// The ecosystems to update: those named, else those the database was downloaded for, else the defaults.
    public static func ecosystems(named: [String], database: String, baseURL: String = bucket) -> [String] {
        if !named.isEmpty { return named }
        if let existing = try? VulnerabilityDatabase(path: database) {
            let downloaded = existing.sources.compactMap { source -> String? in
                guard source.name.hasPrefix(baseURL + "/"), source.name.hasSuffix("/all.zip") else { return nil }
                let segment = source.name.dropFirst(baseURL.count + 1).dropLast("/all.zip".count)
                return Self.percentDecoded(segment) ?? String(segment)
            }
            if !downloaded.isEmpty { return downloaded }
        }
        return defaultEcosystems
    }

    /// Downloads and imports each ecosystem. One the database already holds from this bucket is updated
    /// incrementally when the bucket's `modified_id.csv` allows it (`incrementalPlan`); else its `all.zip` is
    /// downloaded whole.
    public func update(
        ecosystems: [String], database: String, progress: (@Sendable (String, Int64, Int64?) -> Void)? = nil
    ) async throws(DatabaseError) -> DatabaseImporter.Summary {
        var downloads: [(path: String, name: String)] = []
        var directories: [(path: String, files: [String])] = []
        defer {
            for download in downloads where !directories.contains(where: { $0.path == download.path }) {
                LocalFile.remove(download.path)
            }
            for directory in directories {
                for file in directory.files { LocalFile.remove(directory.path + "/" + file) }
                LocalFile.removeDirectory(directory.path)
            }
        }
        let parent = database.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .joined(separator: "/")
        do {
            if !parent.isEmpty { try LocalFile.makeDirectories(parent) }
        } catch {
            throw .file(error)
        }
        let existing = try? VulnerabilityDatabase(path: database)
        var merging: Set<String> = []
        var notes: [String] = []
        for ecosystem in ecosystems {
            let address = url(ecosystem: ecosystem)
            let scratch = database + ".download-\(LocalFile.processID())-\(downloads.count + directories.count)"
            if let source = existing?.sources.first(where: { $0.name == address }) {
                let plan = await incrementalPlan(ecosystem, source: source, scratch: scratch + ".csv")
                switch plan {
                case .whole(let note):
                    notes.append("\(ecosystem): \(note)")
                case .upToDate(let note):
                    notes.append("\(ecosystem): \(note)")
                    continue
                case .records(let ids, let note):
                    let directory = scratch + ".records"
                    do {
                        try LocalFile.makeDirectory(directory)
                    } catch {
                        throw .file(error)
                    }
                    directories.append((directory, []))
                    downloads.append((directory, address))
                    var missing = 0
                    for (number, id) in ids.enumerated() {
                        let file = id + ".json"
                        directories[directories.count - 1].files.append(file)
                        let found = try await download(
                            recordURL(ecosystem: ecosystem, id: id), to: directory + "/" + file,
                            label: "\(ecosystem) \(number + 1)/\(ids.count)", progress: progress,
                            limit: Int64(importer.recordLimit), allowMissing: true)
                        if !found { missing += 1 }
                    }
                    merging.insert(address)
                    notes.append(
                        "\(ecosystem): \(note)"
                            + (missing > 0 ? "; \(missing) no longer in the bucket (kept as they were)" : ""))
                    continue
                }
            }
            let temporary = scratch + ".zip"
            downloads.append((temporary, address))
            _ = try await download(address, to: temporary, label: ecosystem, progress: progress)
        }
        guard !downloads.isEmpty else {
            // Everything up to date: the database is not rewritten.
            var summary = DatabaseImporter.Summary(
                sources: [], skipped: [], skippedCount: 0, advisories: existing?.advisoryCount ?? 0,
                packages: existing?.keyCount ?? 0)
            summary.notes = notes
            return summary
        }
        var summary = try importer.importSources(downloads, into: database, merging: merging)
        summary.notes = notes
        return summary
    }

    /// Downloads `address` into `path`, checking its length and MD5. With `allowMissing`, a 404 returns false
    /// (and leaves no file) instead of failing.
    @discardableResult
    func download(
        _ address: String, to path: String, label: String, progress: (@Sendable (String, Int64, Int64?) -> Void)?,
        limit: Int64? = nil, allowMissing: Bool = false
    ) async throws(DatabaseError) -> Bool {
        guard let url = URL(string: address) else { throw .download(url: address, reason: "not a valid URL") }
        let receiver: FileReceiver
        do {
            receiver = try FileReceiver(path: path, limit: limit ?? sizeLimit) { received, total in
                progress?(label, received, total)
            }
        } catch {
            throw .file(error)
        }
        let head: HTTPResponseHead
        do {
            head = try await client.send(HTTPRequest(method: "GET", url: url), receiver: receiver)
        } catch {
            receiver.close()
            throw .download(url: address, reason: "\(error)")
        }
        receiver.close()
        if allowMissing && head.status == 404 {
            LocalFile.remove(path)
            return false
        }
        guard head.status == 200 else {
            let reason =
                head.status == 404 ? "HTTP 404: no such ecosystem in the OSV bucket" : "HTTP \(head.status)"
            throw .download(url: address, reason: reason)
        }
        let state = receiver.finish()
        if let failure = state.failure { throw .download(url: address, reason: failure) }
        if let length = head["content-length"].flatMap(Int64.init), length != state.received {
            throw .download(url: address, reason: "received \(state.received) of \(length) bytes (interrupted)")
        }
        // Google Cloud Storage: "x-goog-hash: crc32c=…, md5=…" (base64 of the digest).
        if let hashes = head["x-goog-hash"] {
            for part in hashes.split(separator: ",") {
                let item = part.filter { $0 != " " && $0 != "\t" }
                guard item.hasPrefix("md5=") else { continue }
                let expected = String(item.dropFirst(4))
                let actual = Data(state.md5).base64EncodedString()
                if expected != actual {
                    throw .download(url: address, reason: "its MD5 is \(actual) where the bucket says \(expected)")
                }
            }
        }
        return true
    }
}

/// Streams a response body into a file, hashing it (MD5, what the bucket publishes) and bounding its size.
final class FileReceiver: HTTPBodyReceiver, Sendable {
    struct State {
        var descriptor: Int32
        var received: Int64 = 0
        var total: Int64?
        var hasher = Insecure.MD5()
        var failure: String?
    }

    let path: String
    let limit: Int64
    let report: @Sendable (Int64, Int64?) -> Void
    private let state: Mutex<State>

    init(path: String, limit: Int64, report: @escaping @Sendable (Int64, Int64?) -> Void) throws(FileError) {
        self.path = path
        self.limit = limit
        self.report = report
        LocalFile.remove(path)
        state = Mutex(State(descriptor: try LocalFile.create(path)))
    }

    func begin(_ head: HTTPResponseHead) throws {
        // A retried request starts the file again.
        try state.withLock { (state) throws -> Void in
            LocalFile.closeFile(state.descriptor)
            LocalFile.remove(path)
            state = State(descriptor: try LocalFile.create(path))
            state.total = head["content-length"].flatMap(Int64.init)
            if let total = state.total, total > limit {
                state.failure = "it is \(total) bytes, more than the \(limit)-byte limit"
                throw DatabaseError.download(url: path, reason: state.failure ?? "")
            }
        }
    }

    func receive(_ bytes: UnsafeRawBufferPointer) throws {
        let (received, total) = try state.withLock { (state) throws -> (Int64, Int64?) in
            state.received += Int64(bytes.count)
            if state.received > limit {
                state.failure = "more than the \(limit)-byte limit"
                throw DatabaseError.download(url: path, reason: state.failure ?? "")
            }
            state.hasher.update(bufferPointer: bytes)
            try LocalFile.writeAll(state.descriptor, bytes, path: path)
            return (state.received, state.total)
        }
        report(received, total)
    }

    func close() {
        state.withLock { state in
            if state.descriptor >= 0 {
                LocalFile.closeFile(state.descriptor)
                state.descriptor = -1
            }
        }
    }

    func finish() -> (received: Int64, md5: [UInt8], failure: String?) {
        state.withLock { state in (state.received, Array(state.hasher.finalize()), state.failure) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
