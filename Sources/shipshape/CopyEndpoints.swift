import FoundationEssentials
import ImageFormat
import Registry

struct CopyUsageError: Error, CustomStringConvertible {
    var description: String
}

/// Opens the two ends of a copy from their `ImageLocation`s.
enum CopyEndpoints {
    static func openSource(_ location: ImageLocation, access: RegistryAccess) async throws -> any ImageSource {
        try await ImageSources.open(location, registry: access.sourceFactory)
    }

    static func openDestination(
        _ location: ImageLocation, source: any ImageSource, access: RegistryAccess, mountFrom: [String],
        additionalTags: [String]
    ) throws -> (destination: any ImageDestination, tags: [String]) {
        switch location {
        case .registry(let text):
            let reference = try RegistryReference(parsing: text)
            var mounts = mountFrom
            if let registrySource = source as? RegistrySource, registrySource.reference.registry == reference.registry {
                mounts.insert(registrySource.reference.repository, at: 0)
            }
            let destination = RegistryDestination(
                reference: reference, client: try access.client(for: reference), mountSources: mounts)
            return (destination, destination.tags + additionalTags)
        case .oci(let path, let tag):
            return (try OCILayoutDestination(directory: path), (tag.map { [$0] } ?? []) + additionalTags)
        case .ociArchive(let path, let tag):
            return (try OCIArchiveDestination(path: path), (tag.map { [$0] } ?? []) + additionalTags)
        case .dockerArchive(let path):
            return (try DockerArchiveDestination(path: path), (dockerName(source).map { [$0] } ?? []) + additionalTags)
        case .localPath(let path):
            throw CopyUsageError(
                description:
                    "say what to write at '\(path)': oci:\(path), oci-archive:\(path) or docker-archive:\(path)")
        }
    }

    /// A destination written without a prefix must name its registry (`registry.example.com/app:1`,
    /// `localhost:5000/app`): `out.tar` or `build` would otherwise mean Docker Hub's `library/out.tar`, and a typo
    /// for a local path would become a push. `docker://` states the intent for Docker Hub names.
    static func checkWritable(_ argument: String, _ location: ImageLocation) throws(CopyUsageError) {
        guard case .registry = location, !argument.hasPrefix("docker://") else { return }
        let first = argument.split(separator: "/", maxSplits: 1).first.map(String.init) ?? argument
        guard argument.contains("/"), first.contains(".") || first.contains(":") || first == "localhost" else {
            throw CopyUsageError(
                description:
                    "'\(argument)' names no registry: write oci:\(argument), oci-archive:\(argument) or"
                    + " docker-archive:\(argument) for a local image, REGISTRY/REPO[:TAG] or docker://REF for a registry"
            )
        }
    }

    /// The name `docker load` shows for an image from a registry: `alpine:3.20`, `ghcr.io/org/app:1`.
    static func dockerName(_ source: any ImageSource) -> String? {
        guard let registrySource = source as? RegistrySource, let tag = registrySource.reference.tag else { return nil }
        let reference = registrySource.reference
        var name = "\(reference.registry)/\(reference.repository)"
        if reference.registry == RegistryReference.dockerHub {
            name =
                reference.repository.hasPrefix("library/")
                ? String(reference.repository.dropFirst("library/".count)) : reference.repository
        }
        return "\(name):\(tag)"
    }
}
