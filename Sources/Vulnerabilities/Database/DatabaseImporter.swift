/// Compiles OSV records (an `all.zip`, a directory of JSON or YAML records, single files) into the database file,
/// replacing it atomically. One malformed record never fails an import: it is skipped, counted and, for the first
/// few, named.
public struct DatabaseImporter: Sendable {
    /// Reads a YAML document (the in-house `YAML` module, wired by the tool); nil: YAML records are refused.
    public typealias YAMLReader = @Sendable ([UInt8]) throws -> Document

    /// One record larger than this is refused (a hostile 100 MB record costs at most this much memory).
    public var recordLimit: Int
    public var yaml: YAMLReader?
    /// How many skipped records are named in the summary.
    public var namedLimit = 5

    public init(recordLimit: Int = 8 << 20, yaml: YAMLReader? = { try Document.parseYAML($0) }) {
        self.recordLimit = recordLimit
        self.yaml = yaml
    }

    /// What one import did.
    public struct Summary: Sendable {
        public var sources: [DatabaseSource]
        /// "name: reason" for the first skipped records.
        public var skipped: [String]
        public var skippedCount: Int
        public var advisories: Int
        public var packages: Int
        /// What an incremental update did, one line a source ("12 records changed since …, fetched one by one").
        public var notes: [String] = []
    }

    /// Reads one source into advisories.
    struct Loaded {
        var source: DatabaseSource
        var advisories: [Advisory]
        var skipped: [String]
        /// The ids of withdrawn records (an incremental update removes them from the records it merges into).
        var withdrawnIDs: Set<String> = []
    }

    /// Reads one source. With `namedByID` (the records `db update` fetched one by one into a directory, each as
    /// `<id>.json`), a record whose id is not its file's name is skipped: the bucket answered with another record.
    func load(_ path: String, name: String, namedByID: Bool = false) throws(DatabaseError) -> Loaded {
        var loaded = Loaded(
            source: DatabaseSource(name: name, records: 0, skipped: 0, withdrawn: 0, newestModified: ""),
            advisories: [], skipped: [])
        var byID: [String: Int] = [:]
        func add(_ bytes: [UInt8], label: String, yaml isYAML: Bool) {
            do {
                let document: Document
                if isYAML {
                    guard let yaml else { throw RecordError("YAML records need the YAML reader") }
                    document = try yaml(bytes)
                } else {
                    document = try JSONParser.parse(bytes)
                }
                let advisory = try Advisory(document)
                if namedByID, label != advisory.id + ".json" {
                    throw RecordError("its id is '\(advisory.id)', not the name it was fetched by")
                }
                if advisory.withdrawn != nil {
                    loaded.source.withdrawn += 1
                    loaded.withdrawnIDs.insert(advisory.id)
                    return
                }
                if advisory.modified > loaded.source.newestModified { loaded.source.newestModified = advisory.modified }
                if let existing = byID[advisory.id] {
                    // The same id twice (a copy in two directories): the newer record wins.
                    if advisory.modified >= loaded.advisories[existing].modified {
                        loaded.advisories[existing] = advisory
                    }
                    return
                }
                byID[advisory.id] = loaded.advisories.count
                loaded.advisories.append(advisory)
            } catch {
                skip(label, "\(error)")
            }
        }
        func skip(_ label: String, _ reason: String) {
            loaded.source.skipped += 1
            if loaded.skipped.count < namedLimit { loaded.skipped.append("\(label): \(reason)") }
        }
        switch LocalFile.kind(path) {
        case .missing:
            throw .input(path: path, reason: "no such file or directory")
        case .other:
            throw .input(path: path, reason: "not a regular file or directory")
        case .directory:
            var pending = [""]
            var files = 0
            while let relative = pending.popLast() {
                let directory = relative.isEmpty ? path : path + "/" + relative
                let names: [String]
                do {
                    names = try LocalFile.list(directory)
                } catch {
                    throw .file(error)
                }
                for entry in names.reversed() where !entry.hasPrefix(".") {
                    let child = relative.isEmpty ? entry : relative + "/" + entry
                    let full = path + "/" + child
                    switch LocalFile.kind(full) {
                    case .directory: pending.append(child)
                    case .file:
                        guard let format = Self.format(entry) else { continue }
                        files += 1
                        do {
                            let bytes = try Self.readFile(full, limit: recordLimit)
                            add(bytes, label: child, yaml: format == .yaml)
                        } catch {
                            skip(child, "\(error)")
                        }
                    default: continue
                    }
                }
            }
            if files == 0 { throw .input(path: path, reason: "the directory holds no .json, .yaml or .yml records") }
        case .file:
            if path.hasSuffix(".zip") {
                let archive: ZipArchive
                do {
                    archive = try ZipArchive(path: path)
                } catch {
                    throw .input(path: path, reason: "\(error)")
                }
                for member in archive.members where !member.name.hasSuffix("/") {
                    guard let format = Self.format(member.name) else { continue }
                    do {
                        add(try archive.read(member, limit: recordLimit), label: member.name, yaml: format == .yaml)
                    } catch {
                        skip(member.name, "\(error)")
                    }
                }
            } else {
                guard let format = Self.format(path) else {
                    throw .input(path: path, reason: "expected an OSV all.zip, a directory, or a .json/.yaml record")
                }
                do {
                    let bytes = try Self.readFile(path, limit: recordLimit)
                    let name = path.split(separator: "/").last.map(String.init) ?? path
                    add(bytes, label: name, yaml: format == .yaml)
                } catch {
                    skip(path, "\(error)")
                }
            }
        }
        loaded.source.records = loaded.advisories.count
        return loaded
    }

    enum Format { case json, yaml }

    static func format(_ name: String) -> Format? {
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return .yaml }
        return nil
    }

    static func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        let descriptor = try LocalFile.openForReading(path)
        defer { LocalFile.closeFile(descriptor) }
        let size = try LocalFile.size(descriptor, path: path)
        if size > Int64(limit) {
            throw RecordError("it is \(size) bytes, more than the \(limit)-byte limit for one record")
        }
        return try LocalFile.readBytes(descriptor, count: Int(size), at: 0, path: path)
    }

    /// Imports `inputs` (path, and the source name to record: the path itself, or the URL it was downloaded from)
    /// into the database at `database`: records of other sources already there are kept, those of a source
    /// imported again are replaced. A source named in `merging` is an incremental update (records fetched one by
    /// one, `load(namedByID:)`): its records replace the existing source's records of the same id, withdrawn ones
    /// remove them, and the rest of that source stays. Written to a temporary file beside it, synced, then renamed
    /// over it.
    public func importSources(
        _ inputs: [(path: String, name: String)], into database: String, merging: Set<String> = []
    ) throws(DatabaseError) -> Summary {
        var loaded: [Loaded] = []
        for input in inputs {
            loaded.append(try load(input.path, name: input.name, namedByID: merging.contains(input.name)))
        }
        let replaced = Set(loaded.map(\.source.name))
        var sources: [DatabaseSource] = []
        var advisories: [(source: Int, advisory: Advisory)] = []
        var previous: [String: (source: DatabaseSource, advisories: [Advisory])] = [:]
        // Keep what the existing database holds from other sources (and from the sources merged into); a corrupt
        // one is rebuilt from scratch.
        if let existing = try? VulnerabilityDatabase(path: database) {
            var remap: [Int: Int] = [:]
            var mergedInto: [Int: String] = [:]
            for (index, source) in existing.sources.enumerated() {
                if !replaced.contains(source.name) {
                    remap[index] = sources.count
                    sources.append(source)
                } else if merging.contains(source.name) {
                    mergedInto[index] = source.name
                    previous[source.name] = (source, [])
                }
            }
            if !remap.isEmpty || !mergedInto.isEmpty {
                for number in 0..<existing.advisoryCount {
                    let (source, advisory) = try existing.advisory(number)
                    if let target = remap[source] {
                        advisories.append((target, advisory))
                    } else if let name = mergedInto[source] {
                        previous[name]?.advisories.append(advisory)
                    }
                }
            }
        }
        var reported: [DatabaseSource] = []
        for var source in loaded {
            if let (old, oldAdvisories) = previous[source.source.name] {
                let updated = Set(source.advisories.map(\.id)).union(source.withdrawnIDs)
                source.advisories = oldAdvisories.filter { !updated.contains($0.id) } + source.advisories
                source.source.records = source.advisories.count
                source.source.skipped += old.skipped
                source.source.withdrawn += old.withdrawn
                source.source.newestModified = max(old.newestModified, source.source.newestModified)
            }
            let index = sources.count
            sources.append(source.source)
            reported.append(source.source)
            for advisory in source.advisories { advisories.append((index, advisory)) }
        }
        let bytes = DatabaseFormat.encode(sources: sources, advisories: advisories)
        try Self.replace(database, with: bytes)
        let reopened = try VulnerabilityDatabase(path: database)
        return Summary(
            sources: reported, skipped: loaded.flatMap(\.skipped),
            skippedCount: loaded.reduce(0) { $0 + $1.source.skipped }, advisories: reopened.advisoryCount,
            packages: reopened.keyCount)
    }

    /// Writes `bytes` to `path` atomically: a new file beside it (created exclusively), synced, renamed over it.
    /// Interrupted at any point, the old file is still whole.
    static func replace(_ path: String, with bytes: [UInt8]) throws(DatabaseError) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        do {
            if !directory.isEmpty { try LocalFile.makeDirectories(directory) }
            let temporary = path + ".tmp-\(LocalFile.processID())"
            LocalFile.remove(temporary)
            let descriptor = try LocalFile.create(temporary)
            var failure: FileError?
            do {
                try bytes.withUnsafeBytes { raw in try LocalFile.writeAll(descriptor, raw, path: temporary) }
                try LocalFile.sync(descriptor, path: temporary)
            } catch {
                failure = error as? FileError ?? FileError(operation: "write", path: temporary, code: 5)
            }
            LocalFile.closeFile(descriptor)
            if let failure {
                LocalFile.remove(temporary)
                throw failure
            }
            do {
                try LocalFile.rename(temporary, to: path)
            } catch {
                LocalFile.remove(temporary)
                throw error
            }
        } catch {
            throw .file(error as? FileError ?? FileError(operation: "write", path: path, code: 5))
        }
    }
}
