#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Keeps what `lint` reads on its own (Dockerfiles it discovers, the `.shipshape.yml` it finds) inside the tree
/// being linted: a repository under review can hold `Dockerfile -> /etc/shadow`, and following it would put a host
/// file into the job log. Files the user names on the command line are the user's choice and are not checked.
public enum TreeBoundary {
    /// Whether `path`, with every symbolic link resolved, is `root` (resolved too) or below it.
    public static func contains(_ path: String, root: String) -> Bool {
        let resolvedRoot = resolved(root)
        let resolvedPath = resolved(path)
        if resolvedPath == resolvedRoot { return true }
        return resolvedPath.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/")
    }

    /// The error for a discovered file that leaves the tree.
    public static func outside(_ path: String, root: String) -> LintInputError {
        .outsideTree(path: path, root: root)
    }

    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path.isEmpty ? "." : path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// A file `lint` found that it will not read.
public enum LintInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A discovered file is a symbolic link to somewhere outside the linted tree.
    case outsideTree(path: String, root: String)

    public var description: String {
        switch self {
        case .outsideTree(let path, let root):
            "'\(path)' is a symbolic link to a file outside '\(root)': not read (name it on the command line to "
                + "lint it anyway)"
        }
    }
}
