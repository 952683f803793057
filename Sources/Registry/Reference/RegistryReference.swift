import ImageFormat

/// An image in a registry, normalised as Docker normalises it: `alpine` is `docker.io/library/alpine:latest`.
///
/// The grammar is distribution/reference's (reference.go, regexp.go, normalize.go):
///
///     reference       := name [ ":" tag ] [ "@" digest ]
///     name            := [domain '/'] remote-name
///     domain          := host [':' port-number]
///     remote-name     := path-component ['/' path-component]*
///     path-component  := alpha-numeric [separator alpha-numeric]*
///     alpha-numeric   := /[a-z0-9]+/
///     separator       := /[_.]|__|[-]+/
///     tag             := /[\w][\w.-]{0,127}/
///     digest          := digest-algorithm ":" digest-hex
///
/// and "the name, including the domain, must not exceed 255 characters".
public struct RegistryReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry as the user names it after normalisation: `docker.io`, `localhost:5000`, `ghcr.io`.
    public var registry: String
    /// The repository path: `library/alpine`, `org/app`.
    public var repository: String
    public var tag: String?
    public var digest: Digest?

    /// Docker Hub's canonical name and the host its API lives on.
    public static let dockerHub = "docker.io"
    public static let dockerHubAPI = "registry-1.docker.io"

    public init(registry: String, repository: String, tag: String? = nil, digest: Digest? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses and normalises a reference as `docker pull` does.
    public init(parsing text: String) throws(RegistryError) {
        func fail(_ reason: String) -> RegistryError { .invalidReference(text, reason: reason) }
        guard !text.isEmpty else { throw fail("it is empty") }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            let digestText = String(rest[rest.index(after: at)...])
            // digest := algorithm ":" hex, algorithm := /[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*/,
            // hex := /[0-9a-fA-F]{32,}/; only sha256 and sha512 are supported beyond the grammar.
            guard digestText.wholeMatch(of: Self.digestPattern) != nil else {
                throw fail("'\(digestText)' is not a digest (algorithm:hex)")
            }
            do { digest = try Digest(digestText) } catch { throw fail(error.description) }
            rest = rest[..<at]
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            let tagText = String(rest[rest.index(after: colon)...])
            guard tagText.wholeMatch(of: Self.tagPattern) != nil else {
                throw fail("'\(tagText)' is not a valid tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
            }
            tag = tagText
            rest = rest[..<colon]
        }
        let name = String(rest)
        guard !name.isEmpty else { throw fail("the repository name is empty") }
        guard name.count <= 255 else { throw fail("the name is longer than 255 characters") }

        // normalize.go splitDockerDomain: the first component is a domain when it contains '.' or ':', is
        // 'localhost', or has an uppercase letter; otherwise the name is on Docker Hub.
        var registry = Self.dockerHub
        var remote = name
        if let slash = name.firstIndex(of: "/") {
            let first = name[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                registry = String(first)
                remote = String(name[name.index(after: slash)...])
            }
        }
        if registry == "index.docker.io" { registry = Self.dockerHub }
        if registry == Self.dockerHub, !remote.contains("/") { remote = "library/" + remote }

        guard Self.isValidDomain(registry) else { throw fail("'\(registry)' is not a valid registry host[:port]") }
        if remote.lowercased() != remote { throw fail("the repository name must be lowercase") }
        for component in remote.split(separator: "/", omittingEmptySubsequences: false) {
            guard component.wholeMatch(of: Self.pathComponentPattern) != nil else {
                throw fail(
                    "'\(component)' is not a valid path component: lowercase letters and digits, separated by"
                        + " '.', '_', '__' or dashes")
            }
        }
        self.init(registry: registry, repository: remote, tag: tag, digest: digest)
    }

    /// The host:port requests go to (Docker Hub's API is not on docker.io).
    public var apiHost: String { registry == Self.dockerHub ? Self.dockerHubAPI : registry }

    /// The reference part of a manifest URL: the digest when pinned, else the tag, else `latest`.
    public var reference: String { digest?.description ?? tag ?? "latest" }

    /// Whether the user named neither a tag nor a digest (a `tagging` concern: `latest` was implied).
    public var usesImplicitLatest: Bool { tag == nil && digest == nil }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        if tag == nil, digest == nil { text += ":latest" }
        return text
    }

    /// The same repository with another reference.
    public func with(tag: String?, digest: Digest? = nil) -> RegistryReference {
        RegistryReference(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    // regexp.go: domainNameComponent = (?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]),
    // domainName = domainNameComponent (\. domainNameComponent)*, ipv6address = \[(?:[a-fA-F0-9:]+)\],
    // host = domainName | ipv6address, domainAndPort = host (:[0-9]+)?
    static func isValidDomain(_ text: String) -> Bool {
        text.wholeMatch(of: domainPattern) != nil
    }

    nonisolated(unsafe) static let domainPattern =
        #/(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?/#
    nonisolated(unsafe) static let pathComponentPattern = #/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/#
    nonisolated(unsafe) static let tagPattern = #/[\w][\w.-]{0,127}/#
    nonisolated(unsafe) static let digestPattern =
        #/[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}/#
}

/// Host names that are this machine: plain HTTP is allowed to them without asking.
public enum Loopback {
    /// Whether `host` (with or without `:port`, IPv6 in brackets) is `localhost`, 127.0.0.0/8 or ::1.
    public static func contains(_ hostAndPort: String) -> Bool {
        let host = hostOnly(hostAndPort).lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { UInt8($0) != nil }
    }

    /// `host` without a port; `[::1]:5000` gives `::1`.
    public static func hostOnly(_ hostAndPort: String) -> String {
        if hostAndPort.hasPrefix("["), let close = hostAndPort.firstIndex(of: "]") {
            return String(hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close])
        }
        if let colon = hostAndPort.lastIndex(of: ":"), hostAndPort.filter({ $0 == ":" }).count == 1 {
            return String(hostAndPort[..<colon])
        }
        return hostAndPort
    }
}
