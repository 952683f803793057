import ArgumentParser
import Foundation
import ImageFormat
import Registry

/// The registry options of commands that read images (`inspect`, `layers`): add
/// `@OptionGroup var registry: RegistryOptionsGroup` and pass `registry.sourceFactory()` as the `registry:`
/// argument of `ImageSources.open`.
struct RegistryOptionsGroup: ParsableArguments {
    @Option(help: "A Docker/containers auth file with registry credentials.") var authfile: String?
    @Option(help: "A registry (host[:port]) allowed over plain HTTP (repeatable).") var insecureRegistry: [String] = []
    @Flag(help: "Use plain HTTP for every registry.") var plainHttp = false
    @Option(help: "Keep blobs downloaded from registries in DIR and reuse them.") var cache: String?

    /// Opens registry references with credentials from the auth file (`--authfile`, `REGISTRY_AUTH_FILE`,
    /// `$DOCKER_CONFIG/config.json`, `~/.docker/config.json`).
    func sourceFactory() -> @Sendable (String) async throws -> any ImageSource {
        let environment = ProcessInfo.processInfo.environment
        let store = CredentialStore(authFile: authfile ?? CredentialStore.defaultAuthFile(environment: environment))
        let options = RegistryOptions(plainHTTP: plainHttp, insecureRegistries: Set(insecureRegistry))
        return RegistryAccess(store: store, options: options, cacheDirectory: cache).sourceFactory
    }
}
