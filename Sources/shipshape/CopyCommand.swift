import ArgumentParser
import Foundation
import ImageFormat
import Registry

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy an image between a docker archive, an OCI layout or archive, and a registry.",
        discussion: """
            SRC and DST take the forms docker-archive:PATH, oci:PATH[:TAG], oci-archive:PATH[:TAG], \
            docker://REF or a bare REGISTRY/REPO[:TAG][@DIGEST]. Blobs the destination already has are skipped; \
            a registry destination mounts blobs from the source repository when both are on the same registry. \
            The manifest bytes are kept, so the digest printed on stdout is the source's.

            Credentials: --username with --password-stdin, else --authfile, REGISTRY_AUTH_FILE, \
            $DOCKER_CONFIG/config.json or ~/.docker/config.json (auths, credHelpers, credsStore). \
            HTTPS is verified; plain HTTP is used only for loopback registries, --insecure-registry HOST, or \
            --plain-http.
            """)

    @Argument(help: "The image to copy.") var source: String
    @Argument(help: "Where to copy it.") var destination: String

    @Flag(help: "Copy an index with every platform it lists (default: one platform).") var allPlatforms = false
    @Option(help: "The platform to copy from an index (os/arch[/variant]; default: this machine's).")
    var platform: String?
    @Option(name: .customLong("additional-tag"), help: "Also tag the pushed image TAG (repeatable).")
    var additionalTags: [String] = []
    @Option(help: "A repository on the destination registry to mount blobs from (repeatable).")
    var mountFrom: [String] = []

    @Option(help: "The user for the registries of this copy (the password is read from stdin).") var username: String?
    @Flag(help: "Read the password for --username from stdin.") var passwordStdin = false
    @Option(help: "A Docker/containers auth file with registry credentials.") var authfile: String?
    @Option(help: "A registry (host[:port]) allowed over plain HTTP (repeatable).") var insecureRegistry: [String] = []
    @Flag(help: "Use plain HTTP for every registry.") var plainHttp = false
    @Option(help: "Upload blobs in PATCH chunks of this many bytes instead of one PUT.") var chunkSize: Int?
    @Option(help: "Keep downloaded blobs in DIR and reuse them.") var cache: String?
    @Option(help: "Blobs copied at the same time.") var jobs = 4
    @Flag(help: "No progress on stderr.") var quiet = false

    func validate() throws {
        if passwordStdin, username == nil { throw ValidationError("--password-stdin needs --username") }
        if username != nil, !passwordStdin { throw ValidationError("--username needs --password-stdin") }
        if allPlatforms, platform != nil { throw ValidationError("--all-platforms and --platform exclude each other") }
        if let chunkSize, chunkSize < 1024 { throw ValidationError("--chunk-size must be at least 1024 bytes") }
        if !(1...32).contains(jobs) { throw ValidationError("--jobs must be between 1 and 32") }
    }

    func run() async throws {
        let exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
        let sourceLocation: ImageLocation
        let destinationLocation: ImageLocation
        let selection: ImageCopier.Selection
        do {
            sourceLocation = try ImageLocation(parsing: source, fileExists: exists)
            destinationLocation = try ImageLocation(parsing: destination, fileExists: { _ in false })
            selection = allPlatforms ? .all : .platform(try platform.map { try Platform(parsing: $0) } ?? .host)
        } catch {
            throw ExitCode(fail("\(error)", code: Exit.usage).rawValue)
        }
        do {
            let access = try makeAccess(for: [sourceLocation, destinationLocation])
            let imageSource = try await CopyEndpoints.openSource(sourceLocation, access: access)
            let target = try CopyEndpoints.openDestination(
                destinationLocation, source: imageSource, access: access, mountFrom: mountFrom,
                additionalTags: additionalTags)
            let progress: CopyProgress? = quiet || !CopyProgress.isTerminal ? nil : CopyProgress()
            var copier = ImageCopier(width: jobs)
            if let progress { copier.progress = { event in progress.handle(event) } }
            let pushed = try await copier.copy(
                from: imageSource, to: target.destination, selection: selection, tags: target.tags)
            progress?.finish()
            if let registry = target.destination as? RegistryDestination, !quiet {
                let stats = registry.statistics
                printError(
                    "shipshape: \(stats.uploaded) blobs uploaded (\(stats.uploadedBytes) bytes), \(stats.mounted) mounted,"
                        + " \(stats.present) already there")
            }
            print(pushed.digest)
        } catch let error as CopyUsageError {
            throw ExitCode(fail(error.description, code: Exit.usage).rawValue)
        } catch {
            throw ExitCode(fail("\(error)").rawValue)
        }
    }

    /// Credentials: explicit for every registry this copy names, then the auth file.
    func makeAccess(for locations: [ImageLocation]) throws -> RegistryAccess {
        var explicit: [String: Credential] = [:]
        if let username, passwordStdin {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            var password = String(decoding: input, as: UTF8.self)
            while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
            for location in locations {
                if case .registry(let text) = location {
                    explicit[try RegistryReference(parsing: text).registry] = .basic(
                        username: username, password: password)
                }
            }
        }
        let environment = ProcessInfo.processInfo.environment
        let store = CredentialStore(
            explicit: explicit, authFile: authfile ?? CredentialStore.defaultAuthFile(environment: environment))
        let options = RegistryOptions(
            plainHTTP: plainHttp, insecureRegistries: Set(insecureRegistry), chunkSize: chunkSize)
        return RegistryAccess(
            http: URLSessionHTTPClient(parallelism: jobs), store: store, options: options, cacheDirectory: cache)
    }
}
