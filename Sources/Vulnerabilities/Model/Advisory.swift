/// One OSV record (OSV schema 1.x, https://ossf.github.io/osv-schema/), reduced to what matching, reporting and
/// explaining need.
public struct Advisory: Sendable, Hashable {
    public var id: String
    public var aliases: [String]
    /// RFC 3339, as the record has it ("modified": "… the time this entry was last modified").
    public var modified: String
    public var published: String?
    /// "withdrawn: … the time this entry should be considered to have been withdrawn": such records never match.
    public var withdrawn: String?
    public var summary: String?
    public var details: String?
    public var severity: [SeverityScore]
    /// `database_specific.severity` (GitHub's "HIGH", …) when the record has one.
    public var databaseSeverity: String?
    public var affected: [Affected]
    /// The first advisory-type reference, else the first reference: the link a report shows.
    public var reference: String?

    public init(
        id: String, aliases: [String] = [], modified: String, published: String? = nil, withdrawn: String? = nil,
        summary: String? = nil, details: String? = nil, severity: [SeverityScore] = [],
        databaseSeverity: String? = nil, affected: [Affected], reference: String? = nil
    ) {
        self.id = id
        self.aliases = aliases
        self.modified = modified
        self.published = published
        self.withdrawn = withdrawn
        self.summary = summary
        self.details = details
        self.severity = severity
        self.databaseSeverity = databaseSeverity
        self.affected = affected
        self.reference = reference
    }
}

/// "severity[].type … CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu; score: a vector string or the distribution's word".
public struct SeverityScore: Sendable, Hashable {
    public var type: String
    public var score: String
    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}

/// One `affected[]` entry: a package and the versions of it the advisory affects.
public struct Affected: Sendable, Hashable {
    public var ecosystem: String
    public var name: String
    public var purl: String?
    public var ranges: [AffectedRange]
    /// "versions: … an enumeration of affected versions".
    public var versions: [String]
    /// `affected[].severity` or `ecosystem_specific.severity`/`urgency` where the record keeps it there.
    public var severity: [SeverityScore]
    public var ecosystemSeverity: String?

    public init(
        ecosystem: String, name: String, purl: String? = nil, ranges: [AffectedRange] = [], versions: [String] = [],
        severity: [SeverityScore] = [], ecosystemSeverity: String? = nil
    ) {
        self.ecosystem = ecosystem
        self.name = name
        self.purl = purl
        self.ranges = ranges
        self.versions = versions
        self.severity = severity
        self.ecosystemSeverity = ecosystemSeverity
    }
}

/// "ranges[].type: SEMVER, ECOSYSTEM or GIT"; GIT ranges hold commits, which an installed package never has.
public struct AffectedRange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case semver = "SEMVER"
        case ecosystem = "ECOSYSTEM"
        case git = "GIT"
    }

    public enum Event: Sendable, Hashable {
        case introduced(String)
        case fixed(String)
        case lastAffected(String)
        case limit(String)

        public var version: String {
            switch self {
            case .introduced(let v), .fixed(let v), .lastAffected(let v), .limit(let v): v
            }
        }

        public var name: String {
            switch self {
            case .introduced: "introduced"
            case .fixed: "fixed"
            case .lastAffected: "last_affected"
            case .limit: "limit"
            }
        }
    }

    public var kind: Kind
    public var events: [Event]

    public init(kind: Kind, events: [Event]) {
        self.kind = kind
        self.events = events
    }
}
