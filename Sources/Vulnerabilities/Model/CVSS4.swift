/// A CVSS v4.0 vector, scored as the CVSS v4.0 specification (FIRST, section 8, "CVSS v4.0 Scoring") says: the
/// vector's equivalence classes EQ1 to EQ6 name a MacroVector, the specification's lookup table gives the score of
/// its highest-severity vector, and the score is that minus the mean of the proportional severity distances from
/// the MacroVector's highest vectors, rounded to one decimal. Threat (E) and environmental metrics (CR, IR, AR,
/// M…) count when the vector has them (CVSS-BT, CVSS-BE, CVSS-BTE); undefined ones take the spec's defaults (E:X as
/// A, CR/IR/AR:X as H, M…:X as the base value). Supplemental metrics are checked and do not change the score.
public struct CVSS4Vector: Sendable, Hashable {
    public let vector: String
    public let baseScore: Double

    /// "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N": the prefix, then `metric:value` pairs
    /// separated by `/`; the eleven base metrics are mandatory, each metric appears at most once, and every value is
    /// one the specification defines for that metric (section 7, "Vector String").
    public init(_ vector: String) throws(RecordError) {
        self.vector = vector
        let parts = vector.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "CVSS:4.0" else { throw RecordError("'\(vector)' is not a CVSS v4.0 vector") }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2, let allowed = Self.values[pair[0]], allowed.contains(pair[1]) else {
                throw RecordError("'\(vector)': '\(part)' is not a CVSS v4.0 metric and value")
            }
            guard metrics[pair[0]] == nil else { throw RecordError("'\(vector)': metric \(pair[0]) is repeated") }
            metrics[pair[0]] = pair[1]
        }
        for name in Self.baseMetrics where metrics[name] == nil {
            throw RecordError("'\(vector)': base metric \(name) is missing")
        }
        baseScore = Self.score(metrics)
    }

    /// The qualitative rating (section 6): None 0.0, Low 0.1-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0.
    public var rating: VulnerabilitySeverity { VulnerabilitySeverity(score: baseScore) }

    static let baseMetrics = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"]

    /// Every metric and its values (Tables 1 to 17 of the specification; `X` is "Not Defined").
    static let values: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "AT": ["N", "P"], "PR": ["N", "L", "H"], "UI": ["N", "P", "A"],
        "VC": ["H", "L", "N"], "VI": ["H", "L", "N"], "VA": ["H", "L", "N"], "SC": ["H", "L", "N"],
        "SI": ["H", "L", "N"], "SA": ["H", "L", "N"], "E": ["X", "A", "P", "U"], "CR": ["X", "H", "M", "L"],
        "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"], "MAV": ["X", "N", "A", "L", "P"],
        "MAC": ["X", "L", "H"], "MAT": ["X", "N", "P"], "MPR": ["X", "N", "L", "H"], "MUI": ["X", "N", "P", "A"],
        "MVC": ["X", "H", "L", "N"], "MVI": ["X", "H", "L", "N"], "MVA": ["X", "H", "L", "N"],
        "MSC": ["X", "H", "L", "N"], "MSI": ["X", "S", "H", "L", "N"], "MSA": ["X", "S", "H", "L", "N"],
        "S": ["X", "N", "P"], "AU": ["X", "N", "Y"], "R": ["X", "A", "U", "I"], "V": ["X", "D", "C"],
        "RE": ["X", "L", "M", "H"], "U": ["X", "Clear", "Green", "Amber", "Red"],
    ]

    /// The value a metric has for scoring: the environmental `M…` value when defined, E:X as E:A, CR/IR/AR:X as H.
    static func effective(_ metrics: [String: String], _ name: String) -> String {
        let value = metrics[name] ?? "X"
        if name == "E" && value == "X" { return "A" }
        if ["CR", "IR", "AR"].contains(name) && value == "X" { return "H" }
        if let modified = metrics["M" + name], modified != "X" { return modified }
        return value
    }

    /// The MacroVector (section 8.2, Table 24): one digit per equivalence class, 0 the most severe.
    static func macroVector(_ metric: (String) -> String) -> [Int] {
        let av = metric("AV")
        let pr = metric("PR")
        let ui = metric("UI")
        // EQ1: 0 AV:N and PR:N and UI:N; 1 (AV:N or PR:N or UI:N) and not all three and not AV:P; 2 the rest.
        let eq1 =
            av == "N" && pr == "N" && ui == "N" ? 0 : (av == "N" || pr == "N" || ui == "N") && av != "P" ? 1 : 2
        // EQ2: 0 AC:L and AT:N; 1 otherwise.
        let eq2 = metric("AC") == "L" && metric("AT") == "N" ? 0 : 1
        let vc = metric("VC")
        let vi = metric("VI")
        let va = metric("VA")
        // EQ3: 0 VC:H and VI:H; 1 not that but one of VC, VI, VA H; 2 none of them H.
        let eq3 = vc == "H" && vi == "H" ? 0 : vc == "H" || vi == "H" || va == "H" ? 1 : 2
        // EQ4: 0 MSI:S or MSA:S; 1 SC, SI or SA H; 2 otherwise.
        let msi = metric("MSI")
        let msa = metric("MSA")
        let eq4 =
            msi == "S" || msa == "S" ? 0 : metric("SC") == "H" || metric("SI") == "H" || metric("SA") == "H" ? 1 : 2
        // EQ5: 0 E:A, 1 E:P, 2 E:U.
        let eq5 = ["A": 0, "P": 1, "U": 2][metric("E")] ?? 0
        // EQ6: 0 (CR:H and VC:H) or (IR:H and VI:H) or (AR:H and VA:H); 1 otherwise.
        let eq6 =
            (metric("CR") == "H" && vc == "H") || (metric("IR") == "H" && vi == "H")
                || (metric("AR") == "H" && va == "H") ? 0 : 1
        return [eq1, eq2, eq3, eq4, eq5, eq6]
    }

    static func score(_ metrics: [String: String]) -> Double {
        let metric: (String) -> String = { name in
            // MSI and MSA are read as themselves (EQ4's "Safety"), not as modified SI and SA.
            name.hasPrefix("MS") && name.count == 3 ? (metrics[name] ?? "X") : effective(metrics, name)
        }
        // "If the vector has no impact on the vulnerable or the subsequent system, the score is 0.0."
        if ["VC", "VI", "VA", "SC", "SI", "SA"].allSatisfy({ metric($0) == "N" }) { return 0 }
        let macro = macroVector(metric)
        guard let value = lookup[key(macro)] else { return 0 }
        func score(_ digits: [Int]) -> Double? { lookup[key(digits)] }
        func raised(_ index: Int) -> [Int] {
            var digits = macro
            digits[index] += 1
            return digits
        }
        let (eq3, eq6) = (macro[2], macro[5])
        // The next lower MacroVector of each class; EQ3 and EQ6 are stepped together (11 → 21, 01 → 11, 10 → 11,
        // 00 → the higher of 01 and 10; 21 has none).
        let lowerEQ3EQ6: Double?
        switch (eq3, eq6) {
        case (1, 1), (0, 1): lowerEQ3EQ6 = score(raised(2))
        case (1, 0): lowerEQ3EQ6 = score(raised(5))
        case (0, 0):
            let left = score(raised(5))
            let right = score(raised(2))
            lowerEQ3EQ6 = if let left, let right, left > right { left } else { right }
        default:
            var digits = raised(2)
            digits[5] += 1
            lowerEQ3EQ6 = score(digits)
        }
        let lower = [score(raised(0)), score(raised(1)), lowerEQ3EQ6, score(raised(3)), score(raised(4))]

        // The severity distance from the first of the MacroVector's highest-severity vectors that the vector does
        // not exceed in any metric (the last one tried when none qualifies, as the reference calculator does).
        var distances: [String: Double] = [:]
        for candidate in maxVectors(macro) {
            distances = [:]
            for (name, levels) in Self.levels {
                distances[name] = (levels[metric(name)] ?? 0) - (levels[candidate[name] ?? ""] ?? 0)
            }
            if !distances.values.contains(where: { $0 < 0 }) { break }
        }
        func distance(_ names: [String]) -> Double {
            names.reduce(0) { $0 + (distances[$1] ?? 0) }
        }
        let current = [
            distance(["AV", "PR", "UI"]), distance(["AC", "AT"]), distance(["VC", "VI", "VA", "CR", "IR", "AR"]),
            distance(["SC", "SI", "SA"]), 0,
        ]
        let step = 0.1
        let depth = [
            Double(maxSeverity.eq1[macro[0]]) * step, Double(maxSeverity.eq2[macro[1]]) * step,
            Double(maxSeverity.eq3eq6[eq3][eq6]) * step, Double(maxSeverity.eq4[macro[3]]) * step, 1,
        ]
        // Each class with a lower MacroVector: its score difference times the proportion of its depth travelled.
        var total = 0.0
        var existing = 0
        for index in 0..<5 {
            guard let next = lower[index] else { continue }
            existing += 1
            total += index == 4 ? 0 : (value - next) * (current[index] / depth[index])
        }
        let mean = existing == 0 ? 0 : total / Double(existing)
        let result = min(max(value - mean, 0), 10)
        // One decimal, half up, after adding 10^-6: the differences are of decimals held as binary floating point
        // (8.6 - 7.15 is 1.4499999999999993, and must round as 1.45 does). The `cvss` package rounds so too; the
        // snapshot of FIRST's calculator read for this (cvss_score.js, Math.round alone) differs on such ties.
        return ((result + 1e-6) * 10).rounded(.toNearestOrAwayFromZero) / 10
    }

    static func key(_ digits: [Int]) -> String { digits.map(String.init).joined() }

    /// Each metric's severity level within its class, for the distances (0.1 a step; S above H for SI and SA).
    static let levels: [(String, [String: Double])] = [
        ("AV", ["N": 0.0, "A": 0.1, "L": 0.2, "P": 0.3]), ("PR", ["N": 0.0, "L": 0.1, "H": 0.2]),
        ("UI", ["N": 0.0, "P": 0.1, "A": 0.2]), ("AC", ["L": 0.0, "H": 0.1]), ("AT", ["N": 0.0, "P": 0.1]),
        ("VC", ["H": 0.0, "L": 0.1, "N": 0.2]), ("VI", ["H": 0.0, "L": 0.1, "N": 0.2]),
        ("VA", ["H": 0.0, "L": 0.1, "N": 0.2]), ("SC", ["H": 0.1, "L": 0.2, "N": 0.3]),
        ("SI", ["S": 0.0, "H": 0.1, "L": 0.2, "N": 0.3]), ("SA", ["S": 0.0, "H": 0.1, "L": 0.2, "N": 0.3]),
        ("CR", ["H": 0.0, "M": 0.1, "L": 0.2]), ("IR", ["H": 0.0, "M": 0.1, "L": 0.2]),
        ("AR", ["H": 0.0, "M": 0.1, "L": 0.2]),
    ]

    /// The highest-severity vectors of each class's MacroVector (the specification's "max composed" vectors),
    /// combined in order: EQ1, EQ2, EQ3 with EQ6, EQ4, EQ5.
    static func maxVectors(_ macro: [Int]) -> [[String: String]] {
        let eq1 = [
            ["AV:N/PR:N/UI:N"], ["AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"],
            ["AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"],
        ]
        let eq2 = [["AC:L/AT:N"], ["AC:H/AT:N", "AC:L/AT:P"]]
        let eq3eq6: [[Int: [String]]] = [
            [
                0: ["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"],
                1: ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"],
            ],
            [
                0: ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"],
                1: [
                    "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
                    "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M",
                ],
            ],
            [1: ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"]],
        ]
        let eq4 = [["SC:H/SI:S/SA:S"], ["SC:H/SI:H/SA:H"], ["SC:L/SI:L/SA:L"]]
        var out: [[String: String]] = []
        for first in eq1[macro[0]] {
            for second in eq2[macro[1]] {
                for third in eq3eq6[macro[2]][macro[5]] ?? [] {
                    for fourth in eq4[macro[3]] {
                        var vector: [String: String] = [:]
                        for part in [first, second, third, fourth].joined(separator: "/").split(separator: "/") {
                            let pair = part.split(separator: ":")
                            vector[String(pair[0])] = String(pair[1])
                        }
                        out.append(vector)
                    }
                }
            }
        }
        return out
    }

    /// The depth of each MacroVector in severity steps, plus one (the reference calculator's `maxSeverity`).
    static let maxSeverity = (
        eq1: [1, 4, 5], eq2: [1, 2], eq3eq6: [[7, 6], [8, 8], [0, 10]], eq4: [6, 5, 4]
    )

    /// The score of each MacroVector's highest-severity vector, the table of the specification's expert ranking
    /// (section 8.3; FIRST's reference calculator, cvss_lookup.js, BSD-2-Clause).
    static let lookup: [String: Double] = [
        "000000": 10.0, "000001": 9.9, "000010": 9.8, "000011": 9.5, "000020": 9.5, "000021": 9.2, "000100": 10.0,
        "000101": 9.6, "000110": 9.3, "000111": 8.7, "000120": 9.1, "000121": 8.1, "000200": 9.3, "000201": 9.0,
        "000210": 8.9, "000211": 8.0, "000220": 8.1, "000221": 6.8, "001000": 9.8, "001001": 9.5, "001010": 9.5,
        "001011": 9.2, "001020": 9.0, "001021": 8.4, "001100": 9.3, "001101": 9.2, "001110": 8.9, "001111": 8.1,
        "001120": 8.1, "001121": 6.5, "001200": 8.8, "001201": 8.0, "001210": 7.8, "001211": 7.0, "001220": 6.9,
        "001221": 4.8, "002001": 9.2, "002011": 8.2, "002021": 7.2, "002101": 7.9, "002111": 6.9, "002121": 5.0,
        "002201": 6.9, "002211": 5.5, "002221": 2.7, "010000": 9.9, "010001": 9.7, "010010": 9.5, "010011": 9.2,
        "010020": 9.2, "010021": 8.5, "010100": 9.5, "010101": 9.1, "010110": 9.0, "010111": 8.3, "010120": 8.4,
        "010121": 7.1, "010200": 9.2, "010201": 8.1, "010210": 8.2, "010211": 7.1, "010220": 7.2, "010221": 5.3,
        "011000": 9.5, "011001": 9.3, "011010": 9.2, "011011": 8.5, "011020": 8.5, "011021": 7.3, "011100": 9.2,
        "011101": 8.2, "011110": 8.0, "011111": 7.2, "011120": 7.0, "011121": 5.9, "011200": 8.4, "011201": 7.0,
        "011210": 7.1, "011211": 5.2, "011220": 5.0, "011221": 3.0, "012001": 8.6, "012011": 7.5, "012021": 5.2,
        "012101": 7.1, "012111": 5.2, "012121": 2.9, "012201": 6.3, "012211": 2.9, "012221": 1.7, "100000": 9.8,
        "100001": 9.5, "100010": 9.4, "100011": 8.7, "100020": 9.1, "100021": 8.1, "100100": 9.4, "100101": 8.9,
        "100110": 8.6, "100111": 7.4, "100120": 7.7, "100121": 6.4, "100200": 8.7, "100201": 7.5, "100210": 7.4,
        "100211": 6.3, "100220": 6.3, "100221": 4.9, "101000": 9.4, "101001": 8.9, "101010": 8.8, "101011": 7.7,
        "101020": 7.6, "101021": 6.7, "101100": 8.6, "101101": 7.6, "101110": 7.4, "101111": 5.8, "101120": 5.9,
        "101121": 5.0, "101200": 7.2, "101201": 5.7, "101210": 5.7, "101211": 5.2, "101220": 5.2, "101221": 2.5,
        "102001": 8.3, "102011": 7.0, "102021": 5.4, "102101": 6.5, "102111": 5.8, "102121": 2.6, "102201": 5.3,
        "102211": 2.1, "102221": 1.3, "110000": 9.5, "110001": 9.0, "110010": 8.8, "110011": 7.6, "110020": 7.6,
        "110021": 7.0, "110100": 9.0, "110101": 7.7, "110110": 7.5, "110111": 6.2, "110120": 6.1, "110121": 5.3,
        "110200": 7.7, "110201": 6.6, "110210": 6.8, "110211": 5.9, "110220": 5.2, "110221": 3.0, "111000": 8.9,
        "111001": 7.8, "111010": 7.6, "111011": 6.7, "111020": 6.2, "111021": 5.8, "111100": 7.4, "111101": 5.9,
        "111110": 5.7, "111111": 5.7, "111120": 4.7, "111121": 2.3, "111200": 6.1, "111201": 5.2, "111210": 5.7,
        "111211": 2.9, "111220": 2.4, "111221": 1.6, "112001": 7.1, "112011": 5.9, "112021": 3.0, "112101": 5.8,
        "112111": 2.6, "112121": 1.5, "112201": 2.3, "112211": 1.3, "112221": 0.6, "200000": 9.3, "200001": 8.7,
        "200010": 8.6, "200011": 7.2, "200020": 7.5, "200021": 5.8, "200100": 8.6, "200101": 7.4, "200110": 7.4,
        "200111": 6.1, "200120": 5.6, "200121": 3.4, "200200": 7.0, "200201": 5.4, "200210": 5.2, "200211": 4.0,
        "200220": 4.0, "200221": 2.2, "201000": 8.5, "201001": 7.5, "201010": 7.4, "201011": 5.5, "201020": 6.2,
        "201021": 5.1, "201100": 7.2, "201101": 5.7, "201110": 5.5, "201111": 4.1, "201120": 4.6, "201121": 1.9,
        "201200": 5.3, "201201": 3.6, "201210": 3.4, "201211": 1.9, "201220": 1.9, "201221": 0.8, "202001": 6.4,
        "202011": 5.1, "202021": 2.0, "202101": 4.7, "202111": 2.1, "202121": 1.1, "202201": 2.4, "202211": 0.9,
        "202221": 0.4, "210000": 8.8, "210001": 7.5, "210010": 7.3, "210011": 5.3, "210020": 6.0, "210021": 5.0,
        "210100": 7.3, "210101": 5.5, "210110": 5.9, "210111": 4.0, "210120": 4.1, "210121": 2.0, "210200": 5.4,
        "210201": 4.3, "210210": 4.5, "210211": 2.2, "210220": 2.0, "210221": 1.1, "211000": 7.5, "211001": 5.5,
        "211010": 5.8, "211011": 4.5, "211020": 4.0, "211021": 2.1, "211100": 6.1, "211101": 5.1, "211110": 4.8,
        "211111": 1.8, "211120": 2.0, "211121": 0.9, "211200": 4.6, "211201": 1.8, "211210": 1.7, "211211": 0.7,
        "211220": 0.8, "211221": 0.2, "212001": 5.3, "212011": 2.4, "212021": 1.4, "212101": 2.4, "212111": 1.2,
        "212121": 0.5, "212201": 1.0, "212211": 0.3, "212221": 0.1,
    ]
}
