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
            let value = String(word)
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
        }
        return nil
    }
}
