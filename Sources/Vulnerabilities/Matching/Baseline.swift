/// A vulnerability of a package in the baseline: the ids it is known by, and the package.
public struct BaselineEntry: Sendable, Hashable {
    public var ids: Set<String>
    public var ecosystem: String
    public var package: String
    public var version: String

    public init(ids: Set<String>, ecosystem: String, package: String, version: String) {
        self.ids = ids
        self.ecosystem = ecosystem
        self.package = package
        self.version = version
    }

    public init(_ match: VulnerabilityMatch) {
        self.init(
            ids: Set([match.id] + match.aliases + match.records), ecosystem: match.package.ecosystem,
            package: match.package.name, version: match.package.version)
    }

    /// The same vulnerability (an id in common) in the same package, whatever its version: a package upgraded
    /// without fixing it is not new.
    func same(as other: BaselineEntry) -> Bool {
        ecosystem == other.ecosystem
            && PackageName.normalized(package, ecosystem: ecosystem)
                == PackageName.normalized(other.package, ecosystem: ecosystem)
            && !ids.isDisjoint(with: other.ids)
    }
}

/// `scan --baseline`: what is new against an earlier image (or an earlier scan's JSON), and what was fixed.
public struct Baseline: Sendable, Hashable {
    /// The baseline as given (an image reference or a file).
    public var source: String
    public var entries: [BaselineEntry]

    public init(source: String, entries: [BaselineEntry]) {
        self.source = source
        self.entries = entries
    }

    /// The entries of a JSON report of `shipshape scan --format json` (its findings' `vulnerability` objects, and
    /// the suppressed ones: a suppressed vulnerability is known, not new).
    public init(report bytes: [UInt8], file: String) throws(DatabaseError) {
        let document: Document
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .invalid(path: file, reason: "not JSON: \(error)")
        }
        guard let findings = document["findings"]?.array else {
            throw .invalid(path: file, reason: "not a report of 'shipshape scan --format json' (no findings)")
        }
        var entries: [BaselineEntry] = []
        for item in findings + (document["suppressed"]?.array ?? []) {
            guard let vulnerability = item["vulnerability"], let id = vulnerability["id"]?.string,
                let ecosystem = vulnerability["ecosystem"]?.string, let package = vulnerability["package"]?.string
            else { continue }
            let others = (vulnerability["aliases"]?.array ?? []) + (vulnerability["records"]?.array ?? [])
            entries.append(
                BaselineEntry(
                    ids: Set([id] + others.compactMap(\.string)), ecosystem: ecosystem, package: package,
                    version: vulnerability["installedVersion"]?.string ?? ""))
        }
        self.init(source: file, entries: entries)
    }

    /// Whether `match` is not in the baseline.
    public func isNew(_ match: VulnerabilityMatch) -> Bool {
        let entry = BaselineEntry(match)
        return !entries.contains { $0.same(as: entry) }
    }

    /// The baseline's vulnerabilities that none of `matches` (found or suppressed) has any more.
    public func fixed(in matches: [VulnerabilityMatch]) -> [BaselineEntry] {
        let current = matches.map(BaselineEntry.init)
        var seen = Set<BaselineEntry>()
        return entries.filter { entry in !current.contains { $0.same(as: entry) } && seen.insert(entry).inserted }
    }
}
