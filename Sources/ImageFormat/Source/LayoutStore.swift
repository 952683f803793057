import Crypto

/// Where an OCI layout's files are: a directory, or the members of an archive.
package protocol LayoutStore: Sendable {
    /// The directory or archive path, for messages.
    var path: String { get }
    /// A whole file (`index.json`, a JSON blob); nil when absent, an error when larger than `limit`.
    func read(_ name: String, limit: Int) throws(ImageReadError) -> [UInt8]?
    /// The region holding a file; nil when absent.
    func locate(_ name: String) throws(ImageReadError) -> BlobLocation?
}

/// An OCI layout directory (`oci:PATH`). Only the layout's own file names are ever opened under it, and never
/// through a symbolic link (`SystemFile(reading:beneath:)`): a layout from an untrusted source cannot point a blob
/// at a host file.
package struct DirectoryStore: LayoutStore {
    package let path: String

    package init(path: String) { self.path = path }

    package func read(_ name: String, limit: Int) throws(ImageReadError) -> [UInt8]? {
        guard let file = try open(name) else { return nil }
        let size = try file.size()
        guard size <= Int64(limit) else { throw .tooLarge(what: "'\(file.path)'", size: size, limit: Int64(limit)) }
        return try file.readBytes(count: Int(size), at: 0)
    }

    package func locate(_ name: String) throws(ImageReadError) -> BlobLocation? {
        guard let file = try open(name) else { return nil }
        return BlobLocation(relative: name, beneath: path, length: try file.size())
    }

    /// The file, nil when it does not exist.
    private func open(_ name: String) throws(ImageReadError) -> SystemFile? {
        do {
            return try SystemFile(reading: name, beneath: path)
        } catch {
            if case .io(_, _, let code) = error, code == SystemFile.noSuchFile { return nil }
            throw error
        }
    }
}

/// An OCI layout packed in a tar (`oci-archive:PATH`, Docker ≥ 25 `docker save`).
package struct ArchiveStore: LayoutStore {
    package let index: TarArchiveIndex

    package init(index: TarArchiveIndex) { self.index = index }

    package var path: String { index.path }

    package func read(_ name: String, limit: Int) throws(ImageReadError) -> [UInt8]? {
        try index.read(name, limit: limit)
    }

    package func locate(_ name: String) throws(ImageReadError) -> BlobLocation? {
        try index.region(name)
    }
}

/// Blob paths and checks shared by the layout-based sources.
enum Blobs {
    /// `blobs/ALG/ENCODED` (OCI image-layout spec).
    static func path(_ digest: Digest) -> String { "blobs/\(digest.algorithm)/\(digest.encoded)" }

    /// The digest of `bytes` with `digest`'s algorithm.
    static func digest(of bytes: [UInt8], like digest: Digest) -> Digest {
        if digest.algorithm == "sha512" {
            let hash = SHA512.hash(data: bytes)
            return (try? Digest("sha512:" + Digest.hex(hash))) ?? Digest(sha256: SHA256.hash(data: bytes))
        }
        return Digest(sha256: SHA256.hash(data: bytes))
    }

    static func sha256(_ bytes: [UInt8]) -> Digest { Digest(sha256: SHA256.hash(data: bytes)) }

    /// Reads a small blob from `store`, checking its size and digest (cheap for JSON documents, so always done).
    static func fetch(
        _ descriptor: Descriptor, limit: Int, from store: any LayoutStore, source: String
    ) throws(ImageReadError) -> [UInt8] {
        let what = "blob \(descriptor.digest) (\(descriptor.mediaType)) of \(source)"
        guard descriptor.size <= Int64(limit) else {
            throw .tooLarge(what: what, size: descriptor.size, limit: Int64(limit))
        }
        guard let bytes = try store.read(path(descriptor.digest), limit: limit) else {
            throw .missing(what: "blob \(descriptor.digest) (\(descriptor.mediaType))", in: source)
        }
        guard Int64(bytes.count) == descriptor.size else {
            throw .sizeMismatch(what: what, expected: descriptor.size, actual: Int64(bytes.count))
        }
        let actual = digest(of: bytes, like: descriptor.digest)
        guard actual == descriptor.digest else {
            throw .digestMismatch(what: what, expected: descriptor.digest, actual: actual)
        }
        return bytes
    }

    /// The region of a blob in `store`, its size checked against the descriptor.
    static func locate(
        _ descriptor: Descriptor, in store: any LayoutStore, source: String
    ) throws(ImageReadError) -> BlobLocation {
        guard let location = try store.locate(path(descriptor.digest)) else {
            throw .missing(what: "blob \(descriptor.digest) (\(descriptor.mediaType))", in: source)
        }
        guard location.length == descriptor.size else {
            throw .sizeMismatch(
                what: "blob \(descriptor.digest) of \(source)", expected: descriptor.size, actual: location.length)
        }
        return location
    }

    /// Decodes a JSON document, mapping errors to `ImageReadError.document`.
    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], limit: Int, what: String)
        throws(ImageReadError) -> T
    {
        do {
            return try CanonicalJSON.decode(type, from: bytes, limit: limit, what: what)
        } catch {
            throw .document(error)
        }
    }
}
