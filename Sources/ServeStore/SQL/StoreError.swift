/// What went wrong in the store, said so an operator can act on it.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database could not be opened or reached.
    case unavailable(String, reason: String)
    /// A statement failed.
    case statement(String, reason: String)
    /// The database was written by a newer shipshape-serve (its schema version is higher than this one knows).
    case newerSchema(found: Int64, known: Int64)
    /// `--database` is neither a file path nor a `postgres://` URL.
    case badDatabaseURL(String)

    public var description: String {
        switch self {
        case .unavailable(let what, let reason):
            "cannot open the database \(what): \(reason)"
        case .statement(let sql, let reason):
            "database statement failed (\(sql.prefix(60))…): \(reason)"
        case .newerSchema(let found, let known):
            "the database has schema version \(found), newer than this shipshape-serve's \(known): upgrade it"
        case .badDatabaseURL(let text):
            "--database '\(String(text.prefix(80)))' is neither a file path nor postgres://USER@HOST:PORT/NAME"
        }
    }
}
