import Findings
import YAML

/// One entry of `vulnerabilities.ignore` in `.shipshape.yml`: a vulnerability accepted, for a reason, until a date.
public struct IgnoreEntry: Sendable, Hashable {
    /// The advisory id or alias (a CVE id, GHSA-…, PYSEC-…).
    public var id: String
    /// Only this package (by name); nil for every package.
    public var package: String?
    public var reason: String
    /// The last day the entry suppresses; from the day after it is expired, suppresses nothing and is a finding.
    public var until: CalendarDate
    /// Where it is written: `file:line`.
    public var location: String

    public init(id: String, package: String? = nil, reason: String, until: CalendarDate, location: String) {
        self.id = id
        self.package = package
        self.reason = reason
        self.until = until
        self.location = location
    }

    public func isExpired(on today: CalendarDate) -> Bool { until < today }

    func applies(to match: VulnerabilityMatch) -> Bool {
        guard match.id == id || match.aliases.contains(id) || match.records.contains(id) else { return false }
        guard let package else { return true }
        let wanted = PackageName.normalized(package, ecosystem: match.package.ecosystem)
        return [match.package.name, match.package.lookupName].contains {
            PackageName.normalized($0, ecosystem: match.package.ecosystem) == wanted
        }
    }
}

/// The `vulnerabilities:` section of `.shipshape.yml`, read with the in-house YAML parser (the file `lint` reads
/// too; `lint` leaves this section to `scan`):
///
/// ```yaml
/// vulnerabilities:
///   ignore:
///     - id: CVE-2023-43804
///       package: urllib3          # optional: only this package
///       reason: we never follow cross-origin redirects
///       until: 2026-06-30         # required: the last day it suppresses
/// ```
public enum IgnoreList {
    /// The entries of `text` (the configuration file's contents); `file` names it in errors. A file without the
    /// section has no entries.
    public static func parse(_ text: String, file: String) throws(DatabaseError) -> [IgnoreEntry] {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(text)
        } catch {
            throw .invalid(path: file, reason: "not valid YAML: \(error)")
        }
        guard let root else { return [] }
        guard root.mapping != nil else { throw .invalid(path: file, reason: "expected a mapping at the top level") }
        guard let section = root["vulnerabilities"], !section.isNull else { return [] }
        guard let keys = section.mapping else {
            throw .invalid(path: file, reason: "line \(section.mark.line): 'vulnerabilities' must be a mapping")
        }
        for pair in keys where pair.key.scalar != "ignore" {
            throw .invalid(
                path: file,
                reason: "line \(pair.key.mark.line): unknown key '\(TerminalText.excerpt(pair.key.scalar ?? "?"))' in "
                    + "'vulnerabilities' (known: ignore)")
        }
        guard let list = section["ignore"], !list.isNull else { return [] }
        guard let items = list.sequence else {
            throw .invalid(path: file, reason: "line \(list.mark.line): 'ignore' must be a list of entries")
        }
        var entries: [IgnoreEntry] = []
        for item in items {
            let line = item.mark.line
            guard let fields = item.mapping else {
                throw .invalid(
                    path: file, reason: "line \(line): an ignore entry must be a mapping with id, reason, until")
            }
            for pair in fields where !["id", "package", "reason", "until"].contains(pair.key.scalar ?? "") {
                throw .invalid(
                    path: file,
                    reason:
                        "line \(pair.key.mark.line): unknown key '\(TerminalText.excerpt(pair.key.scalar ?? "?"))' in an "
                        + "ignore entry (known: id, package, reason, until)")
            }
            func text(_ key: String) -> String? {
                guard let value = item[key]?.scalar, !value.isEmpty else { return nil }
                return value
            }
            guard let id = text("id") else {
                throw .invalid(path: file, reason: "line \(line): an ignore entry needs an id")
            }
            guard let reason = text("reason") else {
                throw .invalid(
                    path: file, reason: "line \(line): the ignore entry for \(TerminalText.excerpt(id)) needs a reason")
            }
            guard let untilText = text("until") else {
                throw .invalid(
                    path: file,
                    reason:
                        "line \(line): the ignore entry for \(TerminalText.excerpt(id)) needs 'until: YYYY-MM-DD', the last "
                        + "day it applies")
            }
            guard let until = CalendarDate(untilText) else {
                throw .invalid(
                    path: file,
                    reason:
                        "line \(item["until"]?.mark.line ?? line): 'until' of \(TerminalText.excerpt(id)) is not a date "
                        + "YYYY-MM-DD")
            }
            entries.append(
                IgnoreEntry(id: id, package: text("package"), reason: reason, until: until, location: "\(file):\(line)")
            )
        }
        return entries
    }
}
