/// Recognises credentials by file name and content. It reports a kind, never a value.
public enum SecretScanner {
    /// A credential found: what kind it is, never its value.
    public struct Hit: Sendable, Hashable {
        public var kind: String
        /// `private-key`, `cloud-credentials`, `token` or `env-file`: which rule reports it.
        public var category: Category
    }

    public enum Category: Sendable, Hashable {
        case privateKey, cloudCredentials, token, envFile
    }

    private static let exactNames: Set<String> = [
        "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", ".env", ".netrc", "_netrc",
        ".npmrc", ".pypirc", ".git-credentials", ".dockercfg", "credentials", ".htpasswd", "secrets.yml",
        "secrets.yaml", "secrets.json",
    ]
    private static let suffixes = [".pem", ".key", ".p12", ".pfx", ".env", ".ppk"]

    /// Whether a file with this path may hold a credential (its content is then read, up to 64 KiB).
    public static func isCandidate(path: String) -> Bool {
        // Every candidate name has a dot, starts with `id_`, or is `credentials` or `_netrc`: most names of an
        // image are turned away here, on bytes, without building a String.
        let utf8 = path.utf8
        let nameBytes = utf8[
            (utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex)...]
        guard
            nameBytes.contains(UInt8(ascii: ".")) || nameBytes.starts(with: "id_".utf8)
                || nameBytes.elementsEqual("credentials".utf8) || nameBytes.elementsEqual("_netrc".utf8)
        else { return false }
        let name = baseName(path)
        if exactNames.contains(name) { return true }
        if name.hasPrefix(".env.") { return !isTemplate(name) }
        if suffixes.contains(where: { name.hasSuffix($0) }) { return true }
        if name == "config.json" && path.contains(".docker/") { return true }
        if name.hasSuffix(".json") && (name.contains("service-account") || name.contains("serviceaccount")) {
            return true
        }
        return false
    }

    /// The last component of a path (the whole path when it has no slash), found on its UTF-8 bytes: this runs for
    /// every entry of every layer.
    static func baseName(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    static func isTemplate(_ name: String) -> Bool {
        [".example", ".sample", ".template", ".dist", ".defaults"].contains { name.hasSuffix($0) }
    }

    /// What credentials the file holds, from its path and its leading bytes.
    public static func scan(path: String, content: [UInt8]) -> [Hit] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var hits: [Hit] = []
        if name.hasSuffix(".p12") || name.hasSuffix(".pfx") {
            return content.isEmpty ? [] : [Hit(kind: "PKCS#12 key store", category: .privateKey)]
        }
        let text = String(decoding: content, as: UTF8.self)
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            hits.append(Hit(kind: "OpenSSH private key", category: .privateKey))
        } else if let kind = pemPrivateKeyKind(text) {
            hits.append(Hit(kind: kind, category: .privateKey))
        } else if text.hasPrefix("PuTTY-User-Key-File") {
            hits.append(Hit(kind: "PuTTY private key", category: .privateKey))
        }
        if name == "credentials" && text.contains("aws_secret_access_key") {
            hits.append(Hit(kind: "AWS credentials file", category: .cloudCredentials))
        }
        if name.hasSuffix(".json") && text.contains("\"service_account\"") && text.contains("\"private_key\"") {
            hits.append(Hit(kind: "Google Cloud service-account key", category: .cloudCredentials))
        }
        if (name == "config.json" || name == ".dockercfg") && text.contains("\"auth\"") {
            hits.append(Hit(kind: "container registry credentials", category: .cloudCredentials))
        }
        if name == ".git-credentials" && text.contains("@") {
            hits.append(Hit(kind: "git credentials", category: .cloudCredentials))
        }
        if (name == ".netrc" || name == "_netrc") && text.contains("password") {
            hits.append(Hit(kind: ".netrc password", category: .cloudCredentials))
        }
        if name == ".npmrc" && (text.contains("_authToken") || text.contains("_auth=") || text.contains("_password")) {
            hits.append(Hit(kind: "npm registry token", category: .token))
        }
        if name == ".pypirc" && text.contains("password") {
            hits.append(Hit(kind: "PyPI password", category: .cloudCredentials))
        }
        if name == ".htpasswd" && text.contains(":") {
            hits.append(Hit(kind: "htpasswd hashes", category: .cloudCredentials))
        }
        for token in tokenKinds(in: text) where !hits.contains(where: { $0.kind == token }) {
            hits.append(Hit(kind: token, category: .token))
        }
        if isEnvFileName(name) && hits.isEmpty && hasAssignments(text) {
            hits.append(Hit(kind: "environment file", category: .envFile))
        }
        return hits
    }

    static func isEnvFileName(_ name: String) -> Bool {
        name == ".env" || name.hasSuffix(".env") || (name.hasPrefix(".env.") && !isTemplate(name))
    }

    static func hasAssignments(_ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let trimmed = line.drop(while: { $0 == " " })
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return false }
            return !trimmed[trimmed.index(after: equals)...].trimmingPrefix(" ").isEmpty
        }
    }

    static func pemPrivateKeyKind(_ text: String) -> String? {
        guard let range = text.firstRange(of: "-----BEGIN "),
            let end = text[range.upperBound...].firstRange(of: "-----")
        else { return nil }
        let label = text[range.upperBound..<end.lowerBound]
        guard label.hasSuffix("PRIVATE KEY") else { return nil }
        return label == "PRIVATE KEY" ? "PEM private key" : "PEM \(label.lowercased())"
    }

    /// Well-known token formats with a recognisable prefix.
    static func tokenKinds(in text: String) -> [String] {
        let utf8 = Array(text.utf8)
        var kinds: [String] = []
        func has(_ prefix: String, minimumTail: Int, alphabet: (UInt8) -> Bool) -> Bool {
            let pattern = Array(prefix.utf8)
            guard utf8.count >= pattern.count + minimumTail else { return false }
            var index = 0
            while index + pattern.count + minimumTail <= utf8.count {
                if utf8[index] == pattern[0] && Array(utf8[index..<index + pattern.count]) == pattern {
                    let tail = utf8[(index + pattern.count)...].prefix(while: alphabet)
                    let before = index == 0 ? UInt8(ascii: " ") : utf8[index - 1]
                    if tail.count >= minimumTail && !isWordByte(before) { return true }
                }
                index += 1
            }
            return false
        }
        let alnum: (UInt8) -> Bool = { isWordByte($0) && $0 != UInt8(ascii: "_") }
        let upperAlnum: (UInt8) -> Bool = {
            ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }
        let tokenByte: (UInt8) -> Bool = { isWordByte($0) || $0 == UInt8(ascii: "-") }
        if has("AKIA", minimumTail: 16, alphabet: upperAlnum) || has("ASIA", minimumTail: 16, alphabet: upperAlnum) {
            kinds.append("AWS access key id")
        }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where has(prefix, minimumTail: 36, alphabet: alnum) {
            kinds.append("GitHub token")
            break
        }
        if has("github_pat_", minimumTail: 40, alphabet: isWordByte) { kinds.append("GitHub token") }
        if has("glpat-", minimumTail: 20, alphabet: tokenByte) { kinds.append("GitLab token") }
        for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"]
        where has(prefix, minimumTail: 10, alphabet: tokenByte) {
            kinds.append("Slack token")
            break
        }
        if has("sk_live_", minimumTail: 20, alphabet: alnum) { kinds.append("Stripe secret key") }
        if has("AIza", minimumTail: 35, alphabet: tokenByte) { kinds.append("Google API key") }
        return Array(Set(kinds)).sorted()
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// Whether an `Env` entry of the image config looks like a credential: a credential-like name with a literal
    /// value (not a path to a secret file, not a reference), or a value in a known token format.
    public static func credentialEnvironment(name: String, value: String) -> String? {
        if let token = tokenKinds(in: value).first { return token }
        guard !value.isEmpty, !value.hasPrefix("/"), !value.hasPrefix("$") else { return nil }
        let upper = name.uppercased()
        for suffix in ["_FILE", "_PATH", "_DIR", "_URL_FILE", "_ENV", "_NAME", "_USER", "_USERNAME"]
        where upper.hasSuffix(suffix) {
            return nil
        }
        let parts = Set(upper.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init))
        let joined = upper.filter { $0 != "_" }
        if parts.contains("PASSWORD") || parts.contains("PASSWD") || parts.contains("PASS")
            || parts.contains("PWD") && upper != "PWD"
        {
            return "password"
        }
        if parts.contains("SECRET") || joined.contains("SECRETKEY") || joined.contains("CLIENTSECRET") {
            return "secret"
        }
        if parts.contains("TOKEN") || joined.hasSuffix("TOKEN") { return "token" }
        if joined.contains("APIKEY") || joined.contains("ACCESSKEY") || joined.contains("PRIVATEKEY") { return "key" }
        if parts.contains("CREDENTIALS") || parts.contains("CREDENTIAL") { return "credential" }
        if value.contains("://"), let at = value.firstIndex(of: "@"), value[..<at].contains(":"),
            let scheme = value.firstRange(of: "://"), value[scheme.upperBound..<at].contains(":")
        {
            return "password in a URL"
        }
        return nil
    }
}
