/// A FROM image reference split the way Docker splits it: `[registry/]repository[:tag][@digest]`.
public struct BaseImage: Sendable, Hashable {
    /// `docker.io` when the reference names no registry.
    public var registry: String
    /// The repository path as written (`library/` is not added): `python`, `acme/api`.
    public var repository: String
    public var tag: String?
    public var digest: String?

    /// Parses `reference`; `nil` for `scratch` (no image at all) or an empty reference.
    public init?(_ reference: String) {
        var rest = reference
        if rest.isEmpty || rest.lowercased() == "scratch" { return nil }
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = String(rest[..<at])
        }
        let components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var path = components
        if components.count > 1, let first = components.first,
            first.contains(".") || first.contains(":") || first == "localhost"
        {
            registry = first
            path.removeFirst()
        } else {
            registry = "docker.io"
        }
        var last = path.last ?? ""
        if let colon = last.lastIndex(of: ":") {
            tag = String(last[last.index(after: colon)...])
            last = String(last[..<colon])
            path[path.count - 1] = last
        }
        repository = path.joined(separator: "/")
    }

    /// The last path component (`python` for `docker.io/library/python`).
    public var shortName: String {
        repository.split(separator: "/").last.map(String.init) ?? repository
    }

    /// Whether this is an official Docker Hub image (`python`, `library/python`).
    public var isDockerHubOfficial: Bool {
        registry == "docker.io" && (!repository.contains("/") || repository.hasPrefix("library/"))
    }

    /// `registry/repository` with Docker Hub's implicit parts made explicit, for comparing images.
    public var canonicalName: String {
        let path = isDockerHubOfficial && !repository.hasPrefix("library/") ? "library/" + repository : repository
        return registry + "/" + path
    }
}

extension Stage {
    /// The stage's base image, unless it is `scratch`, another stage, or holds an unknown variable.
    public var baseImage: BaseImage? {
        guard baseStage == nil, !baseIsSymbolic else { return nil }
        return BaseImage(base)
    }

    /// Whether the stage starts from `scratch`.
    public var isScratch: Bool { baseStage == nil && base.lowercased() == "scratch" }
}
