import Lint

/// What the server needs of the world outside the editor: the configuration and build context of a Dockerfile
/// on disk. Tests pass a fake; `shipshape lsp` the file system.
public protocol Workspace: Sendable {
    /// The configuration for the Dockerfile at `path` (its nearest `.shipshape.yml`), or the error reading it.
    func configuration(forDocumentAt path: String) -> Result<Configuration, ConfigurationError>
    /// The build context next to the Dockerfile at `path`, for the rules that look at it (`.dockerignore`).
    func buildContext(forDocumentAt path: String) -> (any BuildContextProbe)?
}

/// The file system: `.shipshape.yml` found as `shipshape lint` finds it, the Dockerfile's directory as context.
public struct FileSystemWorkspace: Workspace {
    public init() {}

    public func configuration(forDocumentAt path: String) -> Result<Configuration, ConfigurationError> {
        guard let file = ConfigurationFile.find(from: FileSystemWorkspace.directory(of: path)) else {
            return .success(Configuration())
        }
        do {
            return .success(try ConfigurationFile.load(file))
        } catch {
            return .failure(error)
        }
    }

    public func buildContext(forDocumentAt path: String) -> (any BuildContextProbe)? {
        BuildDirectory(directory: FileSystemWorkspace.directory(of: path))
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// The file path of a `file:` URI (percent-decoded), `nil` for other schemes.
func filePath(ofURI uri: String) -> String? {
    guard uri.hasPrefix("file://") else { return nil }
    var rest = Substring(uri.dropFirst("file://".count))
    // file://host/path: the host (empty or localhost) is dropped.
    if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = rest[slash...] }
    var bytes: [UInt8] = []
    let utf8 = Array(rest.utf8)
    var index = 0
    while index < utf8.count {
        if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
            let value = UInt8(String(decoding: utf8[index + 1...index + 2], as: UTF8.self), radix: 16)
        {
            bytes.append(value)
            index += 3
        } else {
            bytes.append(utf8[index])
            index += 1
        }
    }
    let path = String(decoding: bytes, as: UTF8.self)
    return path.utf8.contains(0) ? nil : path
}
