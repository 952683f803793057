import Findings

/// BuildKit's `check` directives, as its Dockerfile frontend reads them (`linter.ParseLintOptions`,
/// `WithMergedConfigFromComments`):
///
/// - `# check=skip=A,B`, `# check=skip=all` and `# check=error=true` among the parser directives at the top of the
///   file apply to the whole file; options are separated by `;` (`# check=skip=A;error=true`);
/// - the same comment among those directly above an instruction (back to the previous instruction or a bare `#`
///   line, as BuildKit's parser collects `PrevComment`) skips checks for that instruction only; above FROM, for
///   the checks BuildKit runs on the FROM line.
///
/// Check names are case-sensitive, as in BuildKit. They apply to the findings of our rules that match a BuildKit
/// check (`Rule.buildkitChecks`); with `error=true` those findings are errors, because BuildKit then fails the
/// build on any of them.
public struct BuildCheckDirectives: Sendable {
    /// The options of one `check` directive.
    public struct Options: Sendable, Hashable {
        public var skipAll = false
        public var skipped: Set<String> = []
        public var errorOnWarn = false
        /// `experimental=A,B` / `experimental=all`: BuildKit's opt-in checks this file enables.
        public var experimental: Set<String> = []
        public var experimentalAll = false
    }

    /// The file's directive, nil when there is none (or it does not parse: BuildKit then refuses the build).
    public var file: Options?
    /// The skips of the `check` comments above an instruction, by the instruction's first line.
    public var byLine: [Int: Options] = [:]

    public init() {}

    public init(source: SourceText, dockerfile: DockerfileModel) {
        if let value = dockerfile.directives["check"] { file = Self.parse(value) }
        // Only files with a `# check =` comment line are searched line by line.
        guard Self.hasCheckComment(source.bytes) else { return }
        var previousEnd = 0
        for instruction in dockerfile.instructions {
            let start = instruction.range.line
            var comments: [String] = []
            if previousEnd + 1 <= start - 1 {
                for line in (previousEnd + 1)...(start - 1) {
                    let text = source.line(line).trimmingLeadingWhitespace()
                    guard text.hasPrefix("#") else { continue }
                    let comment = String(text.dropFirst()).trimmingBlanks()
                    if comment.isEmpty { comments = [] } else { comments.append(comment) }
                }
            }
            previousEnd = max(previousEnd, instruction.range.endLine)
            // BuildKit merges the first `check` comment that parses as a directive (a bad one stops the search).
            for comment in comments {
                guard let value = Self.directiveValue(comment, name: "check") else { continue }
                if let options = Self.parse(value) { byLine[start] = options }
                break
            }
        }
    }

    /// Whether a line of `bytes` is a comment that `directiveValue(_:name: "check")` can accept: blanks (and a byte
    /// order mark), `#`, blanks, `check` in any case, blanks, `=`. One pass over the file.
    static func hasCheckComment(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let check = Array("check".utf8)
            var index = 0
            func skip(_ accepted: (UInt8) -> Bool) {
                while index < buffer.count, accepted(buffer[index]) { index += 1 }
            }
            let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            while index < buffer.count {
                skip { blank($0) || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
                if index < buffer.count, buffer[index] == UInt8(ascii: "#") {
                    index += 1
                    skip(blank)
                    var matched = 0
                    while matched < check.count, index < buffer.count, buffer[index] | 0x20 == check[matched] {
                        matched += 1
                        index += 1
                    }
                    if matched == check.count {
                        skip(blank)
                        if index < buffer.count, buffer[index] == UInt8(ascii: "=") { return true }
                    }
                }
                // The rest of the line.
                while index < buffer.count, buffer[index] != UInt8(ascii: "\n") { index += 1 }
                index += 1
            }
            return false
        }
    }

    /// `name = value` (BuildKit's `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, the name case-insensitive): the value.
    static func directiveValue(_ comment: String, name: String) -> String? {
        guard let equals = comment.firstIndex(of: "=") else { return nil }
        let key = String(comment[..<equals]).trimmingBlanks()
        guard let first = key.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
            key.lowercased() == name
        else { return nil }
        let value = String(comment[comment.index(after: equals)...]).trimmingBlanks()
        return value.isEmpty ? nil : value
    }

    /// BuildKit's `ParseLintOptions` on the directive's value up to its first space; nil when BuildKit would
    /// refuse it (an option without `=`, an unknown option, `error=` that is not a boolean).
    public static func parse(_ directive: String) -> Options? {
        let value = directive.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var options = Options()
        if String(value).trimmingBlanks().isEmpty { return options }
        for part in value.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            let key = String(part[..<equals]).trimmingBlanks()
            let setting = String(part[part.index(after: equals)...]).trimmingBlanks()
            switch key {
            case "skip":
                if setting == "all" {
                    options.skipAll = true
                } else {
                    options.skipped.formUnion(setting.split(separator: ",").map { String($0).trimmingBlanks() })
                }
            case "experimental":
                if setting == "all" {
                    options.experimentalAll = true
                } else {
                    options.experimental.formUnion(setting.split(separator: ",").map { String($0).trimmingBlanks() })
                }
            case "error":
                // Go's strconv.ParseBool.
                switch setting {
                case "1", "t", "T", "TRUE", "true", "True": options.errorOnWarn = true
                case "0", "f", "F", "FALSE", "false", "False": options.errorOnWarn = false
                default: return nil
                }
            default: return nil
            }
        }
        return options
    }

    /// Whether BuildKit's `check` is skipped for the instruction starting on `line`.
    public func skips(_ check: String, instructionStart line: Int?) -> Bool {
        if let file, file.skipAll || file.skipped.contains(check) { return true }
        if let line, let options = byLine[line], options.skipAll || options.skipped.contains(check) { return true }
        return false
    }

    /// Whether the file's directive enables BuildKit's experimental `check` (`# check=experimental=…`).
    public static func enables(experimental check: String, in dockerfile: DockerfileModel) -> Bool {
        guard let value = dockerfile.directives["check"], let options = parse(value) else { return false }
        return options.experimentalAll || options.experimental.contains(check)
    }

    /// Whether `# check=error=true` makes BuildKit's findings errors.
    public var errorOnWarn: Bool { file?.errorOnWarn ?? false }
}
