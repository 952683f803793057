import Crypto
import FoundationEssentials
import ImageFormat

extension RegistryClient {
    /// The manifest media types a pull accepts: OCI and Docker schema 2, single manifests and lists.
    public static let manifestAccept = [
        MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerManifestList, MediaType.dockerManifest,
    ].joined(separator: ", ")

    /// Manifests and indexes are at most 4 MiB (the distribution spec's recommended limit).
    public static let manifestLimit = 4 << 20

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }

    /// GET /v2/NAME/manifests/REFERENCE: the exact bytes and their descriptor. The digest is computed over the
    /// bytes and checked against a digest reference and against `Docker-Content-Digest`.
    public func manifest(_ repository: String, reference: String) async throws -> (
        descriptor: Descriptor, bytes: [UInt8]
    ) {
        let subject = Subject(repository: repository, reference: reference)
        let receiver = MemoryReceiver(limit: Self.manifestLimit)
        let head: HTTPResponseHead
        do {
            head = try await execute(
                HTTPRequest(
                    method: "GET", url: try await url("\(repository)/manifests/\(reference)"),
                    headers: ["Accept": Self.manifestAccept]),
                scopes: [Self.pullScope(repository)], subject: subject, receiver: receiver)
        } catch is MemoryReceiver.BodyTooLarge {
            throw RegistryError.tooLarge(what: "the manifest \(repository):\(reference)", limit: Self.manifestLimit)
        }
        let bytes = receiver.bytes
        let digest = ImageFormat.Digest(sha256: SHA256.hash(data: bytes))
        if let pinned = try? ImageFormat.Digest(reference), pinned.algorithm == "sha256", pinned != digest {
            throw RegistryError.digestMismatch(
                what: "the manifest \(repository)@\(reference)", expected: pinned.description,
                actual: digest.description)
        }
        if let header = head["docker-content-digest"], header.hasPrefix("sha256:"), header != digest.description {
            throw RegistryError.digestMismatch(
                what: "the manifest \(repository):\(reference) (Docker-Content-Digest)", expected: header,
                actual: digest.description)
        }
        let mediaType = Self.mediaType(of: bytes, header: head["content-type"])
        return (Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count)), bytes)
    }

    /// The media type from the document's own `mediaType`, else the Content-Type, else OCI manifest/index by shape.
    static func mediaType(of bytes: [UInt8], header: String?) -> String {
        struct Probe: Decodable {
            var mediaType: String?
            var manifests: [Descriptor]?
        }
        let probe = try? JSONDecoder().decode(Probe.self, from: Data(bytes))
        if let mediaType = probe?.mediaType, !mediaType.isEmpty { return mediaType }
        if let header = header?.split(separator: ";").first?.trimmingWhitespace(),
            MediaType.isManifest(header) || MediaType.isIndex(header)
        {
            return header
        }
        return probe?.manifests != nil ? MediaType.ociIndex : MediaType.ociManifest
    }

    /// HEAD /v2/NAME/blobs/DIGEST.
    public func blobExists(_ repository: String, digest: ImageFormat.Digest, scopes: [String]? = nil) async throws
        -> Bool
    {
        let head = try await execute(
            HTTPRequest(method: "HEAD", url: try await url("\(repository)/blobs/\(digest)")),
            scopes: scopes ?? [Self.pullScope(repository)],
            subject: Subject(repository: repository, reference: digest.description), accept: [404])
        return head.status == 200
    }

    /// Streams a blob into `path`, hashing as it arrives; on a size or digest mismatch the file is removed and
    /// the error thrown. Redirects to other hosts (object storage) get no Authorization header.
    public func downloadBlob(_ repository: String, _ descriptor: Descriptor, to path: String) async throws {
        let receiver = FileDigestingReceiver(path: path, expected: descriptor)
        do {
            try await execute(
                HTTPRequest(
                    method: "GET", url: try await url("\(repository)/blobs/\(descriptor.digest)"),
                    deadline: HTTPRequest.deadline(forBytes: descriptor.size)),
                scopes: [Self.pullScope(repository)],
                subject: Subject(repository: repository, reference: descriptor.digest.description), receiver: receiver)
            try receiver.finish()
        } catch {
            receiver.abandon()
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// A small blob (config) in memory, verified: at most `limit` bytes.
    public func fetchBlob(_ repository: String, _ descriptor: Descriptor, limit: Int) async throws -> [UInt8] {
        guard descriptor.size <= Int64(limit) else {
            throw RegistryError.tooLarge(what: "blob \(descriptor.digest) in \(repository)", limit: limit)
        }
        let receiver = MemoryReceiver(limit: Int(descriptor.size))
        do {
            try await execute(
                HTTPRequest(method: "GET", url: try await url("\(repository)/blobs/\(descriptor.digest)")),
                scopes: [Self.pullScope(repository)],
                subject: Subject(repository: repository, reference: descriptor.digest.description), receiver: receiver)
        } catch is MemoryReceiver.BodyTooLarge {
            throw RegistryError.sizeMismatch(
                what: "blob \(descriptor.digest)", expected: descriptor.size, actual: descriptor.size + 1)
        }
        let bytes = receiver.bytes
        guard Int64(bytes.count) == descriptor.size else {
            throw RegistryError.sizeMismatch(
                what: "blob \(descriptor.digest)", expected: descriptor.size, actual: Int64(bytes.count))
        }
        var digester = StreamingDigester(algorithm: descriptor.digest.algorithm)
        bytes.withUnsafeBytes { digester.update($0) }
        let actual = digester.finalize()
        guard actual == descriptor.digest.description else {
            throw RegistryError.digestMismatch(
                what: "blob \(descriptor.digest)", expected: descriptor.digest.description, actual: actual)
        }
        return bytes
    }

    /// Most pages of a tag list followed.
    public static let tagListPageLimit = 1_000
    /// Most bytes of tag-list pages read in all (a million tags of 16 bytes fit).
    public static let tagListByteLimit = 32 << 20

    /// GET /v2/NAME/tags/list, following `Link: <…>; rel="next"` pages; a `"tags": null` is an empty list.
    ///
    /// Bounded (issue 18 row 11): at most `tagListPageLimit` pages and `tagListByteLimit` bytes in all, and a
    /// `next` link to a page already read is an error, not a loop.
    public func tags(_ repository: String, pageSize: Int? = nil) async throws -> [String] {
        struct Page: Decodable { var tags: [String]? }
        let subject = Subject(repository: repository, reference: "tags/list")
        var next: URL? = try await url(
            "\(repository)/tags/list", query: pageSize.map { [URLQueryItem(name: "n", value: String($0))] } ?? [])
        var tags: [String] = []
        var pages = 0
        var bytes = 0
        var visited = Set<String>()
        while let current = next {
            guard visited.insert(current.absoluteString).inserted else {
                throw RegistryError.protocolViolation(
                    host: host, reason: "the tag list of \(repository) links back to a page already read (\(current))")
            }
            guard pages < Self.tagListPageLimit else {
                throw RegistryError.tooLarge(
                    what: "the tag list of \(repository) (more than \(Self.tagListPageLimit) pages)",
                    limit: Self.tagListByteLimit)
            }
            pages += 1
            let receiver = MemoryReceiver(limit: min(4 << 20, Self.tagListByteLimit - bytes))
            let head: HTTPResponseHead
            do {
                head = try await execute(
                    HTTPRequest(method: "GET", url: current), scopes: [Self.pullScope(repository)], subject: subject,
                    receiver: receiver)
            } catch is MemoryReceiver.BodyTooLarge {
                throw RegistryError.tooLarge(what: "the tag list of \(repository)", limit: Self.tagListByteLimit)
            }
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(receiver.bytes)) else {
                throw RegistryError.protocolViolation(host: host, reason: "the tag list of \(repository) is not JSON")
            }
            bytes += receiver.bytes.count
            tags += page.tags ?? []
            next = Self.nextLink(head["link"], relativeTo: current)
        }
        return tags
    }

    /// The `rel="next"` target of a Link header (RFC 8288), resolved against the request URL.
    static func nextLink(_ header: String?, relativeTo base: URL) -> URL? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">"), open < close else {
                continue
            }
            let parameters = part[part.index(after: close)...].replacing(" ", with: "")
            guard parameters.contains("rel=\"next\"") || parameters.contains("rel=next") else { continue }
            return URL(string: String(part[part.index(after: open)..<close]), relativeTo: base)?.absoluteURL
        }
        return nil
    }
}
