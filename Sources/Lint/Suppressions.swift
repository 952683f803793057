import Findings

/// The suppression comments of one Dockerfile:
///
/// - `# shipshape ignore=SS0123,rule-name` on the line(s) before an instruction: that instruction only;
/// - `# shipshape ignore-file=SS0123,rule-name` anywhere: the whole file;
/// - `# hadolint ignore=DL3008,DL3009` and `# hadolint global ignore=DL3008`: the same, for the rules that
///   match those hadolint checks, so a team can switch linters without editing files.
public struct Suppressions: Sendable {
    /// Rule ids or names ignored in the whole file (hadolint codes already mapped).
    public var fileWide: Set<String> = []
    /// Rule ids or names ignored for the instruction that starts on (or contains) a line.
    public var byLine: [Int: Set<String>] = [:]

    public init() {}

    /// Reads the suppression comments of `source`; `hadolint` maps hadolint codes to our rule ids.
    public init(source: SourceText, hadolint: [String: [String]]) {
        // A file that names neither tool has no directive (the per-line test below, made once for the file).
        guard
            source.bytes.containsBytes(ofLowercase: "shipshape") || source.bytes.containsBytes(ofLowercase: "hadolint")
        else { return }
        var pending: Set<String> = []
        for line in 1...max(1, source.lineCount) {
            let bytes = source.lineBytes(line)
            if !Suppressions.mayBeComment(bytes) {
                if !pending.isEmpty {
                    byLine[line, default: []].formUnion(pending)
                    pending = []
                }
                continue
            }
            // A comment that does not name either tool is no directive.
            if !bytes.containsBytes(ofLowercase: "shipshape") && !bytes.containsBytes(ofLowercase: "hadolint") {
                continue
            }
            let text = source.line(line).trimmingLeadingWhitespace()
            if text.isEmpty { continue }
            guard text.hasPrefix("#") else {
                if !pending.isEmpty {
                    byLine[line, default: []].formUnion(pending)
                    pending = []
                }
                continue
            }
            let body = text.dropFirst().trimmingLeadingWhitespace()
            let words = body.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let tool = words.first?.lowercased(), tool == "shipshape" || tool == "hadolint" else { continue }
            var rest = words.dropFirst()
            var global = false
            if tool == "hadolint", rest.first?.lowercased() == "global" {
                global = true
                rest = rest.dropFirst()
            }
            guard let directive = rest.first else { continue }
            let parts = directive.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let names = parts[1].split(separator: ",").map { String($0).trimmingLeadingWhitespace() }.filter {
                !$0.isEmpty
            }
            let ids: [String] =
                tool == "hadolint" ? names.flatMap { hadolint[$0.uppercased()] ?? [] } : names
            switch parts[0].lowercased() {
            case "ignore" where global: fileWide.formUnion(ids)
            case "ignore": pending.formUnion(ids)
            case "ignore-file" where tool == "shipshape": fileWide.formUnion(ids)
            default: continue
            }
        }
    }

    /// Whether `line` is blank or starts with `#` after spaces, tabs and byte-order marks: a cheap test on the
    /// bytes, so only those lines are decoded.
    private static func mayBeComment(_ line: ArraySlice<UInt8>) -> Bool {
        var index = line.startIndex
        while index < line.endIndex {
            switch line[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"): index += 1
            case 0xEF where line[index...].starts(with: [0xEF, 0xBB, 0xBF]): index += 3
            case UInt8(ascii: "#"): return true
            default: return false
            }
        }
        return true
    }

    /// Whether `finding` is suppressed; `instructionStart` is the first line of the instruction it is about.
    public func suppresses(_ finding: Finding, instructionStart: Int?) -> Bool {
        if fileWide.contains(finding.rule) || fileWide.contains(finding.name) || fileWide.contains("all") {
            return true
        }
        for line in [instructionStart, finding.range?.line].compactMap({ $0 }) {
            if let ignored = byLine[line],
                ignored.contains(finding.rule) || ignored.contains(finding.name) || ignored.contains("all")
            {
                return true
            }
        }
        return false
    }
}

extension StringProtocol {
    func trimmingLeadingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\u{FEFF}" })
    }
}
