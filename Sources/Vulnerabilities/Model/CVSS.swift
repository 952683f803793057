/// A CVSS v3.0/v3.1 base vector, scored by the equations of the CVSS v3.1 specification, section 7 ("CVSS v3.1
/// Equations"); v3.0 vectors use the same base equations.
public struct CVSSVector: Sendable, Hashable {
    public let vector: String
    public let baseScore: Double

    /// "The CVSS v3.1 vector string begins with the label 'CVSS:' and a numeric representation of the current
    /// version, '3.1'. Metric information follows in the form of a set of metrics, each metric being preceded by a
    /// forward slash, '/', acting as a delimiter. Each metric is a metric name in abbreviated form, a colon, ':',
    /// and its associated metric value in abbreviated form." All eight base metrics are mandatory.
    public init(_ vector: String) throws(RecordError) {
        self.vector = vector
        let parts = vector.split(separator: "/").map(String.init)
        guard let head = parts.first, head == "CVSS:3.1" || head == "CVSS:3.0" else {
            throw RecordError("'\(vector)' is not a CVSS v3 vector")
        }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1).map(String.init)
            guard pair.count == 2, metrics[pair[0]] == nil else {
                throw RecordError("'\(vector)': metric '\(part)' is malformed or repeated")
            }
            metrics[pair[0]] = pair[1]
        }
        func value(_ name: String, _ table: [String: Double]) throws(RecordError) -> Double {
            guard let text = metrics[name], let number = table[text] else {
                throw RecordError("'\(vector)': base metric \(name) is missing or has an unknown value")
            }
            return number
        }
        guard let scopeText = metrics["S"], scopeText == "U" || scopeText == "C" else {
            throw RecordError("'\(vector)': base metric S is missing or has an unknown value")
        }
        let changed = scopeText == "C"
        // Table 16: metric values.
        let attackVector = try value("AV", ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2])
        let complexity = try value("AC", ["L": 0.77, "H": 0.44])
        let privileges = try value(
            "PR", changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])
        let interaction = try value("UI", ["N": 0.85, "R": 0.62])
        let impacts = ["H": 0.56, "L": 0.22, "N": 0.0]
        let confidentiality = try value("C", impacts)
        let integrity = try value("I", impacts)
        let availability = try value("A", impacts)
        // "ISS = 1 - [ (1 - Confidentiality) × (1 - Integrity) × (1 - Availability) ]"
        let iss = 1 - (1 - confidentiality) * (1 - integrity) * (1 - availability)
        // "If Scope is Unchanged: Impact = 6.42 × ISS; If Scope is Changed: Impact = 7.52 × (ISS - 0.029) -
        // 3.25 × (ISS - 0.02)^15"
        let impact: Double
        if changed {
            var power = 1.0
            for _ in 0..<15 { power *= iss - 0.02 }
            impact = 7.52 * (iss - 0.029) - 3.25 * power
        } else {
            impact = 6.42 * iss
        }
        // "Exploitability = 8.22 × AttackVector × AttackComplexity × PrivilegesRequired × UserInteraction"
        let exploitability = 8.22 * attackVector * complexity * privileges * interaction
        // "If Impact <= 0: 0, else If Scope is Unchanged: Roundup (Minimum ((Impact + Exploitability), 10)); If
        // Scope is Changed: Roundup (Minimum (1.08 × (Impact + Exploitability), 10))"
        if impact <= 0 {
            baseScore = 0
        } else if changed {
            baseScore = Self.roundUp(min(1.08 * (impact + exploitability), 10))
        } else {
            baseScore = Self.roundUp(min(impact + exploitability, 10))
        }
    }

    /// Appendix A: "Roundup … int_input = round_to_nearest_integer (input * 100000); if (int_input % 10000) == 0:
    /// return int_input / 100000.0 else: return (floor(int_input / 10000) + 1) / 10.0"
    static func roundUp(_ input: Double) -> Double {
        let integer = Int((input * 100_000).rounded())
        if integer % 10_000 == 0 { return Double(integer) / 100_000 }
        return Double(integer / 10_000 + 1) / 10
    }

    /// Table 14, "Qualitative severity rating scale".
    public var rating: VulnerabilitySeverity { VulnerabilitySeverity(score: baseScore) }
}

/// A vulnerability's qualitative severity: CVSS's rating scale, or the database's own word.
public enum VulnerabilitySeverity: String, Sendable, Hashable, Comparable, CaseIterable {
    case unknown
    case low
    case medium
    case high
    case critical

    /// "None 0.0, Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0" (None counts as low here).
    public init(score: Double) {
        switch score {
        case 9...: self = .critical
        case 7..<9: self = .high
        case 4..<7: self = .medium
        default: self = .low
        }
    }

    /// A database's word: GitHub's LOW/MODERATE/HIGH/CRITICAL, Debian's urgency, Ubuntu's priority.
    public init(word: String) {
        switch word.lowercased() {
        case "critical": self = .critical
        case "high", "important": self = .high
        case "moderate", "medium": self = .medium
        case "low", "negligible", "unimportant": self = .low
        default: self = .unknown
        }
    }

    private var rank: Int { VulnerabilitySeverity.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
