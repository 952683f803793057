/// Why a match is not reported as a finding: a VEX statement or an ignore entry.
public struct Suppression: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A VEX statement (`--vex FILE`).
        case vex
        /// A `vulnerabilities.ignore` entry of `.shipshape.yml`.
        case ignore
    }

    public var kind: Kind
    /// The VEX status (`not_affected`, `fixed`, …), or `ignored` for an ignore entry.
    public var status: String
    /// The VEX justification and impact statement, or the ignore entry's reason.
    public var justification: String?
    /// The VEX file, or the ignore entry's `file:line` and expiry.
    public var source: String

    public init(kind: Kind, status: String, justification: String?, source: String) {
        self.kind = kind
        self.status = status
        self.justification = justification
        self.source = source
    }

    public var text: String {
        "\(status) (\(kind == .vex ? "VEX" : "ignore") \(source))" + (justification.map { ": \($0)" } ?? "")
    }
}

/// A match a suppression applies to: reported apart, never failing the scan.
public struct SuppressedMatch: Sendable, Hashable {
    public var match: VulnerabilityMatch
    public var suppression: Suppression

    public init(match: VulnerabilityMatch, suppression: Suppression) {
        self.match = match
        self.suppression = suppression
    }
}

/// Applies VEX statements and ignore entries to the matches.
public enum Suppressions {
    /// The matches still reported, those suppressed (a VEX statement first, then an unexpired ignore entry), and
    /// the ignore entries that expired before `today` (they suppress nothing; each is a finding of its own).
    public static func apply(
        _ matches: [VulnerabilityMatch], vex: [VEXDocument], ignores: [IgnoreEntry], today: CalendarDate
    ) -> (kept: [VulnerabilityMatch], suppressed: [SuppressedMatch], expired: [IgnoreEntry]) {
        var kept: [VulnerabilityMatch] = []
        var suppressed: [SuppressedMatch] = []
        let active = ignores.filter { !$0.isExpired(on: today) }
        for match in matches {
            var suppression: Suppression?
            for document in vex {
                guard let statement = document.statement(for: match), statement.suppresses else { continue }
                suppression = Suppression(
                    kind: .vex, status: statement.status, justification: statement.justification,
                    source: document.file)
            }
            if suppression == nil, let entry = active.first(where: { $0.applies(to: match) }) {
                suppression = Suppression(
                    kind: .ignore, status: "ignored", justification: entry.reason,
                    source: "\(entry.location), until \(entry.until)")
            }
            if let suppression {
                suppressed.append(SuppressedMatch(match: match, suppression: suppression))
            } else {
                kept.append(match)
            }
        }
        return (kept, suppressed, ignores.filter { $0.isExpired(on: today) })
    }
}
