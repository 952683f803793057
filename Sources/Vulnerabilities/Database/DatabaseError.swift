/// What went wrong with the local vulnerability database.
public enum DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No database at the path: the user has to get one first.
    case missing(path: String)
    case corrupt(String)
    case file(FileError)
    case input(path: String, reason: String)
    /// A VEX document, a configuration or a baseline report that cannot be used.
    case invalid(path: String, reason: String)
    case download(url: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            "no vulnerability database at '\(path)': run 'shipshape db update' (or 'shipshape db import all.zip' on a "
                + "machine without a network); without one a scan cannot say that nothing is vulnerable"
        case .corrupt(let reason):
            "the vulnerability database is corrupt (\(reason)): run 'shipshape db update' or 'shipshape db import' "
                + "to rebuild it"
        case .file(let error): error.description
        case .input(let path, let reason): "cannot import '\(path)': \(reason)"
        case .invalid(let path, let reason): "cannot use '\(path)': \(reason)"
        case .download(let url, let reason): "cannot download '\(url)': \(reason); the database was left as it was"
        }
    }
}
