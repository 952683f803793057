/// An OSV record that cannot be read, with what is wrong.
public struct RecordError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension Advisory {
    /// The record in `document`, checked against the schema's required fields: "id" and "modified" are
    /// required; an `affected[]` entry needs `package.ecosystem` and `package.name` to match anything, and each
    /// range needs a type and `events` with exactly one of introduced/fixed/last_affected/limit per event.
    public init(_ document: Document) throws(RecordError) {
        guard case .object = document else { throw RecordError("the record is not a JSON object") }
        guard let id = document["id"]?.string, !id.isEmpty else { throw RecordError("the record has no \"id\"") }
        guard let modified = document["modified"]?.string else {
            throw RecordError("\(id) has no \"modified\" time")
        }
        func strings(_ value: Document?, _ field: String) throws(RecordError) -> [String] {
            guard let value, value != .null else { return [] }
            guard let items = value.array else { throw RecordError("\(id): \"\(field)\" is not a list") }
            var out: [String] = []
            for item in items {
                guard let text = item.string else { throw RecordError("\(id): \"\(field)\" holds a non-string") }
                out.append(text)
            }
            return out
        }
        func scores(_ value: Document?) throws(RecordError) -> [SeverityScore] {
            guard let items = value?.array else { return [] }
            var out: [SeverityScore] = []
            for item in items {
                guard let type = item["type"]?.string, let score = item["score"]?.string else {
                    throw RecordError("\(id): a severity entry lacks \"type\" or \"score\"")
                }
                out.append(SeverityScore(type: type, score: score))
            }
            return out
        }
        var affected: [Affected] = []
        for entry in document["affected"]?.array ?? [] {
            guard let package = entry["package"] else { continue }  // an affected entry of only ranges: not ours
            guard let ecosystem = package["ecosystem"]?.string, let name = package["name"]?.string else {
                throw RecordError("\(id): an affected package lacks \"ecosystem\" or \"name\"")
            }
            var ranges: [AffectedRange] = []
            for range in entry["ranges"]?.array ?? [] {
                guard let typeName = range["type"]?.string else { throw RecordError("\(id): a range has no type") }
                guard let kind = AffectedRange.Kind(rawValue: typeName) else {
                    throw RecordError("\(id): unknown range type \"\(typeName)\"")
                }
                var events: [AffectedRange.Event] = []
                for event in range["events"]?.array ?? [] {
                    if let v = event["introduced"]?.string {
                        events.append(.introduced(v))
                    } else if let v = event["fixed"]?.string {
                        events.append(.fixed(v))
                    } else if let v = event["last_affected"]?.string {
                        events.append(.lastAffected(v))
                    } else if let v = event["limit"]?.string {
                        events.append(.limit(v))
                    } else {
                        throw RecordError("\(id): a range event is none of introduced, fixed, last_affected, limit")
                    }
                }
                if events.isEmpty { throw RecordError("\(id): a \(typeName) range has no events") }
                ranges.append(AffectedRange(kind: kind, events: events))
            }
            let specific = entry["ecosystem_specific"]
            affected.append(
                Affected(
                    ecosystem: ecosystem, name: name, purl: package["purl"]?.string, ranges: ranges,
                    versions: try strings(entry["versions"], "versions"), severity: try scores(entry["severity"]),
                    ecosystemSeverity: specific?["severity"]?.string ?? specific?["urgency"]?.string))
        }
        var reference: String?
        if let references = document["references"]?.array {
            let advisory = references.first { $0["type"]?.string == "ADVISORY" } ?? references.first
            reference = advisory?["url"]?.string
        }
        self.init(
            id: id, aliases: try strings(document["aliases"], "aliases"), modified: modified,
            published: document["published"]?.string, withdrawn: document["withdrawn"]?.string,
            summary: document["summary"]?.string, details: document["details"]?.string,
            severity: try scores(document["severity"]),
            databaseSeverity: document["database_specific"]?["severity"]?.string, affected: affected,
            reference: reference)
    }
}
