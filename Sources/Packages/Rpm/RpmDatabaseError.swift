/// Why an rpm database, or one header in it, could not be read. The cataloger turns these into notes naming the
/// file and the layer; the rest of the inventory is still produced.
enum RpmDatabaseError: Error, Equatable, CustomStringConvertible {
    /// One package's header blob is malformed (the other packages are still read).
    case badHeader(String)
    /// The SQLite file (`rpmdb.sqlite`) is not one, or is damaged or cut.
    case badSQLite(String)
    /// The Berkeley DB hash file (`Packages`) is not one, or is damaged or cut.
    case badBerkeleyDB(String)
    /// The NDB file (`Packages.db`) is not one, or is damaged or cut.
    case badNDB(String)

    var description: String {
        switch self {
        case .badHeader(let reason): "a package header is malformed: \(reason)"
        case .badSQLite(let reason): "not a readable SQLite rpm database: \(reason)"
        case .badBerkeleyDB(let reason): "not a readable Berkeley DB rpm database: \(reason)"
        case .badNDB(let reason): "not a readable NDB rpm database: \(reason)"
        }
    }
}
