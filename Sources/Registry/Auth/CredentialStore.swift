import FoundationEssentials
import ImageFormat

/// Where credentials come from, in Docker's and containers' order:
/// explicit `--username`/`--password-stdin`; then the auth file (`--authfile`, else `REGISTRY_AUTH_FILE`, else
/// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`): `credHelpers[registry]`, then `auths[registry]`
/// (`auth` is base64 `user:password`, or `identitytoken`), then `credsStore`, each helper run as
/// `docker-credential-NAME get` with the server on stdin.
public struct CredentialStore: Sendable {
    public var explicit: [String: Credential]
    public var authFile: String?
    /// Runs a credential helper: name (`desktop` for `docker-credential-desktop`) and stdin; returns stdout, or
    /// nil when the helper has no credentials for that server.
    public var runHelper: @Sendable (_ name: String, _ input: String) throws(RegistryError) -> String?

    public init(
        explicit: [String: Credential] = [:], authFile: String? = nil,
        runHelper: @escaping @Sendable (String, String) throws(RegistryError) -> String? = CredentialStore.execHelper
    ) {
        self.explicit = explicit
        self.authFile = authFile
        self.runHelper = runHelper
    }

    /// The auth file the environment names: `REGISTRY_AUTH_FILE`, `$DOCKER_CONFIG/config.json`, `~/.docker/config.json`.
    public static func defaultAuthFile(environment: [String: String]) -> String? {
        if let file = environment["REGISTRY_AUTH_FILE"], !file.isEmpty { return file }
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty { return directory + "/config.json" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.docker/config.json" }
        return nil
    }

    /// The credentials for `registry` (`docker.io`, `localhost:5000`), or nil to go anonymous.
    public func credential(for registry: String) throws(RegistryError) -> Credential? {
        if let credential = explicit[registry] { return credential }
        guard let authFile else { return nil }
        // A regular file of at most 1 MiB, checked before reading: `--authfile /dev/zero` or a FIFO would
        // otherwise be read without end (or refused with a misleading "permission denied").
        switch SystemFile.kind(of: authFile) {
        case .missing: return nil
        case .file: break
        case .directory, .other: throw .credentials("'\(authFile)' is not a regular file (a Docker config.json)")
        }
        let data: Data
        do {
            let file = try SystemFile(reading: authFile)
            let size = try file.size()
            guard size <= 1 << 20 else { throw RegistryError.credentials("'\(authFile)' is larger than 1 MiB") }
            data = Data(try file.readBytes(count: Int(size), at: 0))
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .credentials("cannot read '\(authFile)': \(errorReason(error))")
        }
        let config: ConfigFile
        do { config = try JSONDecoder().decode(ConfigFile.self, from: data) } catch {
            throw .credentials("'\(authFile)' is not a valid Docker config file (JSON with \"auths\")")
        }
        let keys = Self.keys(for: registry)
        if let helper = keys.lazy.compactMap({ config.credHelpers?[$0] }).first {
            return try fromHelper(helper, registry: registry)
        }
        for key in keys {
            guard let entry = config.auths?.first(where: { Self.normalise($0.key) == key })?.value else { continue }
            if let token = entry.identitytoken, !token.isEmpty { return .identityToken(token) }
            if let auth = entry.auth, !auth.isEmpty {
                guard let decoded = Data(base64Encoded: auth).map({ String(decoding: $0, as: UTF8.self) }),
                    let colon = decoded.firstIndex(of: ":")
                else {
                    throw .credentials("the 'auth' entry for '\(key)' in '\(authFile)' is not base64 'user:password'")
                }
                return .basic(
                    username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
            }
            if let username = entry.username, let password = entry.password {
                return .basic(username: username, password: password)
            }
        }
        if let store = config.credsStore, !store.isEmpty { return try fromHelper(store, registry: registry) }
        return nil
    }

    private func fromHelper(_ helper: String, registry: String) throws(RegistryError) -> Credential? {
        let server = registry == RegistryReference.dockerHub ? "https://index.docker.io/v1/" : registry
        guard let output = try runHelper(helper, server) else { return nil }
        struct HelperOutput: Decodable {
            var Username: String?
            var Secret: String?
        }
        guard let decoded = try? JSONDecoder().decode(HelperOutput.self, from: Data(output.utf8)),
            let secret = decoded.Secret
        else {
            throw .credentials("docker-credential-\(helper) printed something that is not {\"Username\",\"Secret\"}")
        }
        if decoded.Username == "<token>" { return .identityToken(secret) }
        return .basic(username: decoded.Username ?? "", password: secret)
    }

    /// The config.json keys a registry may be stored under, normalised (`https://index.docker.io/v1/` → docker.io).
    static func keys(for registry: String) -> [String] {
        if registry == RegistryReference.dockerHub {
            return ["docker.io", "index.docker.io", "registry-1.docker.io"]
        }
        return [registry]
    }

    /// Strips scheme and path as Docker's `ConvertToHostname` does; `index.docker.io` becomes `docker.io`.
    static func normalise(_ key: String) -> String {
        var host = Substring(key)
        if let range = host.firstRange(of: "://") { host = host[range.upperBound...] }
        if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
        return host == "index.docker.io" ? RegistryReference.dockerHub : String(host)
    }

    struct ConfigFile: Decodable {
        struct Entry: Decodable {
            var auth: String?
            var identitytoken: String?
            var username: String?
            var password: String?
        }
        var auths: [String: Entry]?
        var credsStore: String?
        var credHelpers: [String: String]?
    }

    /// Runs `docker-credential-NAME get` from PATH. Its stderr is discarded (it may echo the server URL only).
    public static let execHelper: @Sendable (String, String) throws(RegistryError) -> String? = {
        (name: String, input: String) throws(RegistryError) -> String? in
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw .credentials("credential helper name '\(name)' has characters a program name cannot have")
        }
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(
                ["/usr/bin/env", "docker-credential-\(name)", "get"], input: Array((input + "\n").utf8),
                outputLimit: 1 << 20)
        } catch {
            throw .credentials("cannot run docker-credential-\(name): \(error)")
        }
        let text = String(decoding: output.stdout, as: UTF8.self)
        guard output.status == 0 else {
            if text.contains("credentials not found") { return nil }
            throw .credentials("docker-credential-\(name) get exited with status \(output.status)")
        }
        return text
    }
}
