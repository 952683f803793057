/// What looks like a credential: variable names (as BuildKit's SecretsUsedInArgOrEnv check judges them) and
/// literal values with a recognisable shape (cloud keys, tokens, private keys).
enum Credentials {
    static let nameTokens: Set<String> = [
        "apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token",
        "pat",
    ]
    /// Name parts that make a `…_KEY` or `…_TOKEN` name harmless (GPG key fingerprints, key file paths, …).
    static let harmlessTokens: Set<String> = [
        "public", "pub", "gpg", "pgp", "file", "path", "dir", "url", "uri", "id", "name", "keyserver", "keyring",
        "fingerprint", "length", "size", "type", "version", "host", "port", "user", "username", "endpoint",
        "region", "header", "algorithm", "format", "ttl", "timeout", "expiry",
    ]

    /// Words that are placeholders, not credentials.
    static let placeholderWords: Set<String> = [
        "changeme", "change-me", "change_me", "placeholder", "dummy", "example", "none", "null", "nil", "true",
        "false", "yes", "no", "todo", "tbd", "fixme", "secret", "password", "token", "test", "default",
    ]

    /// Whether an ENV/ARG value is a placeholder for a credential rather than one: a constant-style name
    /// (`SOME_VAL`, `YOUR_API_TOKEN`), `<token>`, `{{ token }}`, a run of one character (`xxxx`, `****`), or a
    /// word such as `changeme`.
    static func isPlaceholder(_ value: String) -> Bool {
        let quotes: Set<Character> = ["\"", "'", " "]
        let trimmed = String(value.drop { quotes.contains($0) }.reversed().drop { quotes.contains($0) }.reversed())
        if trimmed.isEmpty || placeholderWords.contains(trimmed.lowercased()) { return true }
        if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") || trimmed.hasPrefix("{{") || trimmed.hasPrefix("%") {
            return true
        }
        if let first = trimmed.first, trimmed.allSatisfy({ $0 == first }) { return true }
        let constantStyle = trimmed.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber }
        return constantStyle && trimmed.contains("_") && trimmed.contains(where: \.isLetter)
    }

    /// Whether `name` (ENV/ARG key) names a credential.
    static func isCredentialName(_ name: String) -> Bool {
        var parts: [String] = []
        var current = ""
        for character in name {
            if character == "_" || character == "-" || character == "." {
                if !current.isEmpty { parts.append(current.lowercased()) }
                current = ""
            } else if character.isUppercase, let last = current.last, last.isLowercase {
                parts.append(current.lowercased())
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { parts.append(current.lowercased()) }
        guard parts.contains(where: { nameTokens.contains($0) }) else { return false }
        return !parts.contains { harmlessTokens.contains($0) }
    }

    /// A description of the credential `text` contains, if it contains a recognisable one.
    static func literal(in text: String) -> String? {
        if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") { return "a private key" }
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        for word in words {
            if let kind = credential(String(word)) { return kind }
        }
        return nil
    }

    /// `literal(in:)` for one line's UTF-8 bytes, with a fast path for ASCII lines: only words of 20 characters
    /// or more can be a credential, so only those become strings.
    static func literal(inLine bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return literal(in: String(decoding: bytes, as: UTF8.self)) }
        if bytes.containsBytes(of: "-----BEGIN") && bytes.containsBytes(of: "PRIVATE KEY") { return "a private key" }
        return firstCandidate(in: bytes) { word in credential(String(decoding: bytes[word], as: UTF8.self)) }
    }

    /// Whether `literal(inLine:)` can find anything in `bytes` (a whole file): false only for an ASCII file without
    /// "PRIVATE KEY" and without a word of 20 bytes or more that starts as a credential does. One pass over the
    /// bytes, so files without a candidate (nearly all) are not searched line by line.
    static func mayContainLiteral(_ bytes: [UInt8]) -> Bool {
        if !bytes.allSatisfy({ $0 < 0x80 }) || bytes.containsBytes(of: "PRIVATE KEY") { return true }
        return firstCandidate(in: bytes) { _ in true } ?? false
    }

    /// The first non-nil `body` of the words (runs of `isWordByte`) of 20 bytes or more that start as a credential
    /// does, in order: the only words `credential(_:)` can accept.
    private static func firstCandidate<Bytes: RandomAccessCollection<UInt8>, Result>(
        in bytes: Bytes, _ body: (Range<Int>) -> Result?
    ) -> Result? where Bytes.Index == Int {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            guard isWordByte(bytes[start]) else {
                start += 1
                continue
            }
            var end = start + 1
            while end < bytes.endIndex, isWordByte(bytes[end]) { end += 1 }
            if end - start >= shortestCredential, mayStartCredential(bytes[start], bytes[start + 1]),
                let result = body(start..<end)
            {
                return result
            }
            start = end
        }
        return nil
    }

    /// ASCII letters, digits, `_` and `-`: the bytes of a credential-shaped word.
    @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default: return false
        }
    }

    /// Whether a word starting with these two bytes can have one of `credential(_:)`'s shapes (AKIA, ASIA, AIza,
    /// gh*_, github_pat_, glpat-, xox*, sk_live_, sk-, rk_live_, npm_): the long words of a Dockerfile are mostly
    /// checksums and URLs, and this keeps them from becoming strings.
    private static func mayStartCredential(_ first: UInt8, _ second: UInt8) -> Bool {
        switch (first, second) {
        case (UInt8(ascii: "A"), UInt8(ascii: "K")), (UInt8(ascii: "A"), UInt8(ascii: "S")),
            (UInt8(ascii: "A"), UInt8(ascii: "I")), (UInt8(ascii: "g"), UInt8(ascii: "h")),
            (UInt8(ascii: "g"), UInt8(ascii: "l")), (UInt8(ascii: "x"), UInt8(ascii: "o")),
            (UInt8(ascii: "s"), UInt8(ascii: "k")), (UInt8(ascii: "r"), UInt8(ascii: "k")),
            (UInt8(ascii: "n"), UInt8(ascii: "p")):
            return true
        default: return false
        }
    }

    /// No credential shape below is shorter than this.
    private static let shortestCredential = 20

    /// The kind of credential `value` (one word) is, if it has a recognisable shape.
    private static func credential(_ value: String) -> String? {
        if value.count == 20, value.hasPrefix("AKIA") || value.hasPrefix("ASIA"),
            value.allSatisfy({ $0.isUppercase || $0.isNumber })
        {
            return "an AWS access key id"
        }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where value.hasPrefix(prefix) && value.count >= 40 {
            return "a GitHub token"
        }
        if value.hasPrefix("github_pat_"), value.count > 40 { return "a GitHub token" }
        if value.hasPrefix("glpat-"), value.count >= 26 { return "a GitLab token" }
        if value.hasPrefix("xox"), value.count > 20, let kind = value.dropFirst(3).first, "baprs".contains(kind),
            value.dropFirst(4).first == "-"
        {
            return "a Slack token"
        }
        if value.hasPrefix("AIza"), value.count == 39 { return "a Google API key" }
        if value.hasPrefix("sk_live_") || value.hasPrefix("rk_live_"), value.count > 20 { return "a Stripe key" }
        if value.hasPrefix("npm_"), value.count == 40 { return "an npm token" }
        if value.hasPrefix("sk-"), value.count >= 40,
            value.dropFirst(3).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
            value.contains(where: \.isNumber)
        {
            return "an API secret key"
        }
        return nil
    }
}
