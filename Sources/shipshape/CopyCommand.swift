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

    @OptionGroup var login: RegistryLoginOptions
    @OptionGroup var registry: RegistryOptionsGroup
    @Option(
        help: "Upload blobs in PATCH chunks of this many bytes (default: one PUT up to 16 MiB, 16 MiB chunks above).")
    var chunkSize: Int?
    @Option(help: "Blobs copied at the same time.") var jobs = 4
    @Flag(help: "No progress on stderr.") var quiet = false

    func validate() throws {
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
            try CopyEndpoints.checkWritable(destination, destinationLocation)
            for case .registry(let text) in [sourceLocation, destinationLocation] {
                _ = try RegistryReference(parsing: text)
            }
            selection = allPlatforms ? .all : .platform(try platform.map { try Platform(parsing: $0) } ?? .host)
        } catch {
            throw ExitCode(fail("\(error)", code: Exit.usage).rawValue)
        }
        for location in [sourceLocation, destinationLocation] {
            if case .registry(let text) = location, let reference = try? RegistryReference(parsing: text),
                reference.usesImplicitLatest
            {
                let warning = ImplicitLatest.warning(reference)
                printError(warning.message, hint: warning.hint)
            }
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
            if let registryDestination = target.destination as? RegistryDestination, !quiet {
                let stats = registryDestination.statistics
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
        registry.access(explicit: try login.credentials(for: locations), jobs: jobs, chunkSize: chunkSize)
    }
}
