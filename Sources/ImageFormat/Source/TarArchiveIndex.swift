/// The members of an archive file (`docker save` output, an OCI archive), indexed once: member name → the file
/// region of its content. Nothing is extracted; blobs are handed out as regions of the archive itself.
package struct TarArchiveIndex: Sendable {
    enum Member: Sendable, Hashable {
        case file(offset: Int64, length: Int64)
        case symbolicLink(String)
        case hardLink(String)
        case directory
    }

    package let path: String
    private let members: [String: Member]

    /// Scans `path` (seeking past member contents). A compressed archive is refused with advice.
    package init(path: String) throws(ImageReadError) {
        self.path = path
        let file = try SystemFile(reading: path)
        let size = try file.size()
        let head = try file.readBytes(count: 512, at: 0)
        if let compression = LayerCompression(magic: head) {
            throw .notAnImage(
                path: path,
                reason:
                    "it is \(compression.rawValue)-compressed; decompress it first (Shipshape reads archives in place)"
            )
        }
        let reader = TarReader(stream: FileRegionStream(file: file, offset: 0, length: size), name: path)
        var members: [String: Member] = [:]
        do {
            while let entry = try reader.next() {
                switch entry.kind {
                case .regular:
                    members[entry.path] = .file(offset: reader.contentOffset, length: entry.size)
                case .symbolicLink:
                    members[entry.path] = .symbolicLink(entry.linkTarget ?? "")
                case .hardLink:
                    members[entry.path] = .hardLink(entry.linkTarget ?? "")
                case .directory:
                    members[entry.path] = .directory
                default:
                    continue
                }
            }
        } catch let error {
            if case .tar(_, _, _, .badChecksum) = error, members.isEmpty {
                throw .notAnImage(path: path, reason: "it is not a tar archive")
            }
            throw error
        }
        self.members = members
    }

    /// Whether the archive has a member (file or link) named `name`.
    package func contains(_ name: String) -> Bool { members[name] != nil }

    /// The content region of member `name`, following symbolic and hard links inside the archive; nil when absent.
    package func region(_ name: String) throws(ImageReadError) -> BlobLocation? {
        var current = name
        for _ in 0..<40 {
            switch members[current] {
            case nil, .directory:
                return nil
            case .file(let offset, let length):
                return BlobLocation(path: path, offset: offset, length: length)
            case .hardLink(let target):
                current = target
            case .symbolicLink(let target):
                guard let resolved = TarArchiveIndex.resolve(target, from: current) else {
                    throw .notAnImage(path: path, reason: "member '\(current)' links outside the archive ('\(target)')")
                }
                current = resolved
            }
        }
        throw .notAnImage(path: path, reason: "member '\(name)' is a symbolic link loop")
    }

    /// Reads member `name` whole (a JSON document); nil when absent, an error when over `limit`.
    package func read(_ name: String, limit: Int) throws(ImageReadError) -> [UInt8]? {
        guard let location = try region(name) else { return nil }
        guard location.length <= Int64(limit) else {
            throw .tooLarge(what: "'\(name)' in \(path)", size: location.length, limit: Int64(limit))
        }
        let bytes = try SystemFile(reading: path).readBytes(count: Int(location.length), at: location.offset)
        guard bytes.count == Int(location.length) else {
            throw .tar(layer: path, entry: name, offset: location.offset, problem: .truncated)
        }
        return bytes
    }

    /// A symbolic link target resolved against the link's directory, inside the archive; nil when it leaves it.
    static func resolve(_ target: String, from link: String) -> String? {
        guard !target.hasPrefix("/") else { return nil }
        var components = link.split(separator: "/").dropLast().map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }
}
