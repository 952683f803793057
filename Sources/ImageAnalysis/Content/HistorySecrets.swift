import ImageFormat

/// Credentials recorded in an image's history, and the history with their values replaced.
///
/// Docker and BuildKit record a RUN's build arguments in `created_by` as `|2 NAME=VALUE NAME=VALUE /bin/sh -c …`
/// (`RUN |2 …` for BuildKit), so `docker build --build-arg AWS_SECRET_ACCESS_KEY=…` ships the key in every pull.
/// Every `NAME=VALUE` word whose name and value look like a credential (`SecretScanner.credentialEnvironment`),
/// and every token in a known format, is redacted wherever it is in the history; the analysis sees only the
/// redacted history, so no output (text, JSON, SARIF) can show the value.
public enum HistorySecrets {
    /// One credential found: the layer-history entry (its index in `config.history`), the variable (nil for a
    /// bare token) and the kind, never the value.
    public struct Hit: Sendable, Hashable {
        public var entry: Int
        public var name: String?
        public var kind: String
        /// True when the variable is a build argument (in the `|N` prefix).
        public var buildArgument: Bool
    }

    /// What replaces a value.
    public static let mask = "<redacted>"

    /// `config` with its history redacted, and what was found.
    public static func redacting(_ config: ImageConfiguration) -> (ImageConfiguration, [Hit]) {
        guard var history = config.history else { return (config, []) }
        var hits: [Hit] = []
        for index in history.indices {
            if let text = history[index].createdBy {
                let (redacted, found) = redact(text, entry: index)
                history[index].createdBy = redacted
                hits += found
            }
            if let text = history[index].comment {
                let (redacted, found) = redact(text, entry: index)
                history[index].comment = redacted
                hits += found
            }
        }
        var result = config
        result.history = history
        return (result, hits)
    }

    /// `text` with credential values masked, and the hits (`entry` is passed through).
    public static func redact(_ text: String, entry: Int = 0) -> (String, [Hit]) {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // The build-argument prefix: "|N" then N assignments (optionally after "RUN ").
        var buildArguments = 0..<0
        let first = words.first == "RUN" ? 1 : 0
        if first < words.count, words[first].hasPrefix("|"), let count = Int(words[first].dropFirst()), count > 0 {
            buildArguments = (first + 1)..<min(words.count, first + 1 + count)
        }
        var hits: [Hit] = []
        for index in words.indices {
            let word = words[index]
            if let equals = word.firstIndex(of: "="), isName(word[..<equals]) {
                let name = String(word[..<equals])
                let value = String(word[word.index(after: equals)...])
                if let kind = SecretScanner.credentialEnvironment(name: name, value: value) {
                    words[index] = name + "=" + mask
                    hits.append(
                        Hit(entry: entry, name: name, kind: kind, buildArgument: buildArguments.contains(index)))
                    continue
                }
            }
            let kinds = SecretScanner.tokenKinds(in: word)
            if let kind = kinds.first {
                words[index] = mask
                hits.append(Hit(entry: entry, name: nil, kind: kind, buildArgument: false))
            }
        }
        return hits.isEmpty ? (text, []) : (words.joined(separator: " "), hits)
    }

    /// A shell variable name: a letter or `_`, then letters, digits and `_`.
    static func isName(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return text.utf8.allSatisfy(SecretScanner.isWordByte)
    }
}
