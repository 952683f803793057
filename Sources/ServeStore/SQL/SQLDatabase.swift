/// A value bound into, or read out of, a statement: the four types both SQLite and PostgreSQL store the same way.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
    public var blob: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }
}

/// One result row, columns in the order of the `SELECT`.
public typealias SQLRow = [SQLValue]

/// What differs between the two databases in the statements the store writes; everything else is the same SQL
/// (`ON CONFLICT`, `RETURNING`, partial unique indexes: SQLite ≥ 3.35 and PostgreSQL ≥ 9.5 both have them).
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// The column type of a generated primary key.
    var identity: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }
    var blob: String {
        switch self {
        case .sqlite: "BLOB"
        case .postgres: "BYTEA"
        }
    }
    /// The row lock of a queue claim: PostgreSQL's workers skip the rows another transaction holds; SQLite has one
    /// writer at a time, so its claim is atomic as it is.
    var skipLocked: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }
}

/// One connection inside a transaction. Statements use `?` placeholders; the PostgreSQL adapter numbers them.
public protocol SQLConnection: Sendable {
    func execute(_ sql: String, _ binds: [SQLValue]) async throws
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// The same statement once for each row of `rows`, in one round trip where the adapter can.
    func executeMany(_ sql: String, _ rows: [[SQLValue]]) async throws
}

extension SQLConnection {
    func execute(_ sql: String, _ binds: SQLValue...) async throws { try await execute(sql, binds) }
    func query(_ sql: String, _ binds: SQLValue...) async throws -> [SQLRow] { try await query(sql, binds) }
}

/// The store protocol's two adapters implement this: transactions over one connection each (`SQLiteDatabase`,
/// `PostgresDatabase`). `ServeStore` holds all the SQL, written once for both.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T
    /// Runs one statement on its own, atomic as every single statement is (PostgreSQL: one round trip, without the
    /// BEGIN and COMMIT of a transaction); its rows.
    func statement(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Closes the connections (the PostgreSQL pool stops).
    func close() async
}

/// SQLite's single statement is a transaction of one statement (its writer lock is the transaction's).
extension SQLDatabase {
    public func statement(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await transaction { connection in try await connection.query(sql, binds) }
    }
}
