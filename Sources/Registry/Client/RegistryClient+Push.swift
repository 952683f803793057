import FoundationEssentials
import ImageFormat

extension RegistryClient {
    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }

    /// What a cross-repository mount gave.
    public enum MountResult: Sendable, Hashable {
        /// 201: the blob is now in the repository.
        case mounted
        /// 202: the registry could not mount and opened an upload session instead (at this URL).
        case uploadStarted(URL)
    }

    /// POST /v2/NAME/blobs/uploads/?mount=DIGEST&from=SOURCE.
    public func mountBlob(_ repository: String, digest: Digest, from source: String) async throws -> MountResult {
        let head = try await execute(
            HTTPRequest(
                method: "POST",
                url: try await url(
                    "\(repository)/blobs/uploads/",
                    query: [
                        URLQueryItem(name: "mount", value: digest.description),
                        URLQueryItem(name: "from", value: source),
                    ]), headers: ["Content-Length": "0"]),
            scopes: [Self.pushScope(repository), Self.pullScope(source)],
            subject: Subject(repository: repository, reference: digest.description))
        if head.status == 201 { return .mounted }
        return .uploadStarted(try uploadLocation(head, relativeTo: try await url("\(repository)/blobs/uploads/")))
    }

    /// POST /v2/NAME/blobs/uploads/: opens an upload session; returns its Location.
    public func startUpload(_ repository: String) async throws -> URL {
        let request = HTTPRequest(
            method: "POST", url: try await url("\(repository)/blobs/uploads/"), headers: ["Content-Length": "0"])
        let head = try await execute(
            request, scopes: [Self.pushScope(repository)],
            subject: Subject(repository: repository, reference: "blob upload"))
        return try uploadLocation(head, relativeTo: request.url)
    }

    /// Uploads a blob from a file region into an open session (or a new one): one PUT when the blob is a whole
    /// file of at most `regionChunkSize` bytes and no chunk size is set; otherwise PATCH chunks with Content-Range
    /// (`chunkSize`, else `regionChunkSize`), following each returned Location, then the closing PUT with
    /// `?digest=`. The registry checks the digest, and so do we: the file is opened once for the whole upload and
    /// what is sent is hashed (`BlobUpload`), so a file replaced or rewritten after its digest was taken stops the
    /// upload before its last byte, whatever the registry checks.
    public func uploadBlob(
        _ repository: String, _ descriptor: Descriptor, from location: BlobLocation, session: URL? = nil
    ) async throws {
        // Opened before a session is: an unreadable file opens none.
        let file = try BlobUpload(
            path: location.path, offset: location.offset, length: location.length, expected: descriptor.digest)
        var upload: URL
        if let session { upload = session } else { upload = try await startUpload(repository) }
        let subject = Subject(repository: repository, reference: descriptor.digest.description)
        let scopes = [Self.pushScope(repository)]
        let wholeFile = location.offset == 0 && Self.fileSize(location.path) == location.length
        let small = wholeFile && location.length <= Int64(options.regionChunkSize)
        let chunkSize = options.chunkSize ?? (small ? nil : options.regionChunkSize)
        if let chunkSize, location.length > 0 {
            var offset: Int64 = 0
            while offset < location.length {
                let length = min(Int64(chunkSize), location.length - offset)
                let head = try await execute(
                    HTTPRequest(
                        method: "PATCH", url: upload,
                        headers: [
                            "Content-Type": "application/octet-stream",
                            "Content-Range": "\(offset)-\(offset + length - 1)",
                            "Content-Length": String(length),
                        ],
                        body: .blob(file, offset: offset, length: length)),
                    scopes: scopes, subject: subject)
                file.accept(through: offset + length)
                upload = try uploadLocation(head, relativeTo: upload)
                offset += length
            }
            try await finishUpload(upload, descriptor: descriptor, body: .none, scopes: scopes, subject: subject)
        } else {
            try await finishUpload(
                upload, descriptor: descriptor,
                body: .blob(file, offset: 0, length: location.length), scopes: scopes, subject: subject)
        }
    }

    /// Uploads a small blob from memory in one PUT.
    public func uploadBlob(_ repository: String, _ descriptor: Descriptor, bytes: [UInt8], session: URL? = nil)
        async throws
    {
        let upload: URL
        if let session { upload = session } else { upload = try await startUpload(repository) }
        try await finishUpload(
            upload, descriptor: descriptor, body: .bytes(bytes), scopes: [Self.pushScope(repository)],
            subject: Subject(repository: repository, reference: descriptor.digest.description))
    }

    private func finishUpload(
        _ upload: URL, descriptor: Descriptor, body: HTTPBody, scopes: [String], subject: Subject
    ) async throws {
        guard var components = URLComponents(url: upload, resolvingAgainstBaseURL: true) else {
            throw RegistryError.protocolViolation(host: host, reason: "the upload location is not a URL")
        }
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "digest", value: descriptor.digest.description)
            ]
        guard let url = components.url else {
            throw RegistryError.protocolViolation(host: host, reason: "the upload location is not a URL")
        }
        var headers = ["Content-Length": String(body.length)]
        if body != .none { headers["Content-Type"] = "application/octet-stream" }
        let head = try await execute(
            HTTPRequest(method: "PUT", url: url, headers: headers, body: body), scopes: scopes, subject: subject)
        if let stored = head["docker-content-digest"], stored != descriptor.digest.description {
            throw RegistryError.digestMismatch(
                what: "the uploaded blob", expected: descriptor.digest.description, actual: stored)
        }
    }

    /// The Location of a 202, absolute or relative to the request.
    func uploadLocation(_ head: HTTPResponseHead, relativeTo base: URL) throws -> URL {
        guard let location = head["location"], let url = URL(string: location, relativeTo: base)?.absoluteURL else {
            throw RegistryError.protocolViolation(host: host, reason: "an upload response has no usable Location")
        }
        return url
    }

    /// PUT /v2/NAME/manifests/REFERENCE with the exact bytes; returns the digest the registry reports.
    @discardableResult
    public func putManifest(_ repository: String, reference: String, mediaType: String, bytes: [UInt8]) async throws
        -> String?
    {
        let head = try await execute(
            HTTPRequest(
                method: "PUT", url: try await url("\(repository)/manifests/\(reference)"),
                headers: ["Content-Type": mediaType, "Content-Length": String(bytes.count)], body: .bytes(bytes)),
            scopes: [Self.pushScope(repository)], subject: Subject(repository: repository, reference: reference))
        return head["docker-content-digest"]
    }

    static func fileSize(_ path: String) -> Int64? {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? UInt).map { Int64($0) }
    }
}
