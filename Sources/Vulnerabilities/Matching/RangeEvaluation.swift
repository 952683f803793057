/// Whether one `affected[]` entry covers one version, and why: the OSV schema's "Evaluation" section.
struct RangeEvaluation {
    var affected = false
    /// The first `fixed` after the installed version, in the range that made it affected.
    var fixed: String?
    /// The range or list that matched ("ECOSYSTEM introduced 4.0, fixed 4.3" or "versions list").
    var reason: String?
    /// Every comparison made, for `--explain`.
    var trace: [String] = []
    /// Versions of the record this scheme could not read.
    var invalid: [String] = []

    /// "Sort the events by version … For each event: if introduced and v >= introduced (introduced "0" being
    /// before every version), the version is affected; if fixed and v >= fixed, it is not; if last_affected and
    /// v > last_affected, it is not. If there are limit events, v must also be below one of them." A version in
    /// `versions` is affected whatever the ranges say. GIT ranges hold commits and are not evaluated.
    static func evaluate(_ entry: Affected, version: String, explain: Bool) -> RangeEvaluation {
        var result = RangeEvaluation()
        let ecosystemScheme = VersionScheme(ecosystem: entry.ecosystem)
        let installed = ecosystemScheme.flatMap { try? $0.parse(version) }
        if entry.versions.contains(version) {
            result.affected = true
            result.reason = "\(version) is in the record's versions list"
            if explain { result.trace.append("listed: \(version) is one of the \(entry.versions.count) versions") }
        } else if let installed, let scheme = ecosystemScheme {
            for listed in entry.versions {
                guard let parsed = try? scheme.parse(listed) else { continue }
                if parsed.compare(to: installed) == 0 {
                    result.affected = true
                    result.reason = "\(version) equals \(listed) of the record's versions list"
                    break
                }
            }
        }
        for range in entry.ranges {
            let scheme: VersionScheme?
            switch range.kind {
            case .git:
                if explain { result.trace.append("GIT range: commits, not versions; not evaluated") }
                continue
            case .semver: scheme = .semver
            case .ecosystem: scheme = ecosystemScheme
            }
            guard let scheme else {
                if explain { result.trace.append("no version ordering for ecosystem \(entry.ecosystem)") }
                continue
            }
            let current: ParsedVersion?
            if range.kind == .semver {
                current = try? SemanticVersion(version).parsedSemver
            } else {
                current = installed
            }
            guard let current else {
                if explain { result.trace.append("\(version) is not a valid \(scheme.rawValue) version") }
                continue
            }
            // Parse and sort the events; "0" sorts before everything.
            var events: [(event: AffectedRange.Event, parsed: ParsedVersion?)] = []
            var unreadable = false
            for event in range.events {
                let text = event.version
                if case .introduced = event, text == "0" {
                    events.append((event, nil))
                    continue
                }
                if case .limit = event, text == "*" { continue }
                guard let parsed = try? scheme.parse(text) else {
                    result.invalid.append(text)
                    unreadable = true
                    break
                }
                events.append((event, parsed))
            }
            if unreadable {
                if explain {
                    result.trace.append(
                        "\(range.kind.rawValue) range skipped: '\(result.invalid.last ?? "")' is not "
                            + "a valid \(scheme.rawValue) version")
                }
                continue
            }
            events.sort { lhs, rhs in
                guard let right = rhs.parsed else { return false }
                guard let left = lhs.parsed else { return true }
                return (left.compare(to: right) ?? 0) < 0
            }
            var vulnerable = false
            var limits: [ParsedVersion] = []
            var fixedAfter: String?
            var steps: [String] = []
            for (event, parsed) in events {
                let order = parsed.flatMap { current.compare(to: $0) } ?? 1
                switch event {
                case .introduced(let text):
                    if order >= 0 {
                        vulnerable = true
                        fixedAfter = nil
                    }
                    if explain { steps.append("\(version) \(order >= 0 ? ">=" : "<") introduced \(text)") }
                case .fixed(let text):
                    if order >= 0 {
                        vulnerable = false
                    } else if vulnerable && fixedAfter == nil {
                        fixedAfter = text
                    }
                    if explain { steps.append("\(version) \(order >= 0 ? ">=" : "<") fixed \(text)") }
                case .lastAffected(let text):
                    if order > 0 { vulnerable = false }
                    if explain { steps.append("\(version) \(order > 0 ? ">" : "<=") last_affected \(text)") }
                case .limit:
                    if let parsed { limits.append(parsed) }
                }
            }
            if vulnerable && !limits.isEmpty && !limits.contains(where: { (current.compare(to: $0) ?? 0) < 0 }) {
                vulnerable = false
                if explain { steps.append("\(version) is not below any limit") }
            }
            let described = range.events.map { "\($0.name) \($0.version)" }.joined(separator: ", ")
            if explain {
                result.trace.append(
                    "\(range.kind.rawValue) range [\(described)] compared as \(scheme.rawValue): "
                        + steps.joined(separator: "; ") + " → \(vulnerable ? "affected" : "not affected")")
            }
            if vulnerable {
                if !result.affected || result.fixed == nil {
                    result.fixed = fixedAfter
                    result.reason = "\(range.kind.rawValue) range [\(described)]"
                }
                result.affected = true
            }
        }
        return result
    }
}

extension SemanticVersion {
    var parsedSemver: ParsedVersion { .semver(self) }
}
