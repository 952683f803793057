import ArgumentParser
import Foundation
import ImageAnalysis
import ImageFormat
import Registry

/// The registry options of commands that read images (`inspect`, `layers`): add
/// `@OptionGroup var registry: RegistryOptionsGroup` and pass `registry.sourceFactory()` as the `registry:`
/// argument of `ImageSources.open`. Commands that push (`copy`, `build`) add `RegistryLoginOptions` and call
/// `access(explicit:)`.
struct RegistryOptionsGroup: ParsableArguments {
    @Option(help: "A Docker/containers auth file with registry credentials.") var authfile: String?
    @Option(help: "A registry (host[:port]) allowed over plain HTTP (repeatable).") var insecureRegistry: [String] = []
    @Flag(help: "Use plain HTTP for every registry.") var plainHttp = false
    @Option(help: "Keep blobs downloaded from registries in DIR and reuse them.") var cache: String?

    /// Opens registry references with credentials from the auth file (`--authfile`, `REGISTRY_AUTH_FILE`,
    /// `$DOCKER_CONFIG/config.json`, `~/.docker/config.json`).
    func sourceFactory() -> @Sendable (String) async throws -> any ImageSource {
        access().sourceFactory
    }

    /// Transport, credentials (`explicit` first, then the auth file) and options for every registry of a command.
    func access(explicit: [String: Credential] = [:], jobs: Int = 4, chunkSize: Int? = nil) -> RegistryAccess {
        let environment = ProcessInfo.processInfo.environment
        let store = CredentialStore(
            explicit: explicit, authFile: authfile ?? CredentialStore.defaultAuthFile(environment: environment))
        let options = RegistryOptions(
            plainHTTP: plainHttp, insecureRegistries: Set(insecureRegistry), chunkSize: chunkSize)
        return RegistryAccess(
            http: CurlHTTPClient(parallelism: jobs), store: store, options: options, cacheDirectory: cache)
    }
}

/// `--username USER --password-stdin`, for the registries a command names (`copy`, `build`).
struct RegistryLoginOptions: ParsableArguments {
    @Option(help: "The user for the registries this command names (the password is read from stdin).")
    var username: String?
    @Flag(help: "Read the password for --username from stdin.") var passwordStdin = false

    func validate() throws {
        if passwordStdin, username == nil { throw ValidationError("--password-stdin needs --username") }
        if username != nil, !passwordStdin { throw ValidationError("--username needs --password-stdin") }
    }

    /// The credential for each registry among `locations`, the password read from stdin once; none without
    /// `--username`.
    func credentials(for locations: [ImageLocation]) throws -> [String: Credential] {
        guard let username, passwordStdin else { return [:] }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var password = String(decoding: input, as: UTF8.self)
        while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
        var explicit: [String: Credential] = [:]
        for location in locations {
            if case .registry(let text) = location {
                explicit[try RegistryReference(parsing: text).registry] = .basic(
                    username: username, password: password)
            }
        }
        return explicit
    }
}

/// The `tagging` warning for a push to a reference that names neither a tag nor a digest: `latest` is implied
/// (issue 5). Shaped like a finding of the text report, on stderr.
enum ImplicitLatest {
    static func warning(_ reference: RegistryReference) -> (message: String, hint: String) {
        let rule = ImageRules.latestTag
        return (
            "shipshape: docker://\(reference): warning: [\(rule.id) \(rule.name), \(rule.practice.rawValue)]"
                + " no tag or digest named: 'latest' is implied",
            "tag images with their version and commit (shipshape tags --format args)"
        )
    }
}
