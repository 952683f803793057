import Foundation
import GRDB

/// The SQLite adapter (GRDB): one file in WAL mode, for one machine. One connection; a transaction holds
/// `AsyncLock` from `BEGIN IMMEDIATE` to `COMMIT`, so statements of two transactions never interleave.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    private let queue: DatabaseQueue
    private let lock = AsyncLock()

    /// Opens (creating) the database file at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        // Our transactions span several accesses (one per statement, each an await), so GRDB must allow a
        // transaction left open at the end of one access; `AsyncLock` is what keeps them apart.
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        } catch {
            throw StoreError.unavailable("'\(path)'", reason: "\(error)")
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        await lock.acquire()
        let connection = SQLiteConnection(queue: queue)
        do {
            try await connection.execute("BEGIN IMMEDIATE", [])
            let result = try await body(connection)
            try await connection.execute("COMMIT", [])
            await lock.release()
            return result
        } catch {
            try? await connection.execute("ROLLBACK", [])
            await lock.release()
            throw error
        }
    }

    public func close() async {
        try? queue.close()
    }
}

struct SQLiteConnection: SQLConnection {
    let queue: DatabaseQueue

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        let arguments = StatementArguments(binds.map(\.databaseValue))
        do {
            try await queue.writeWithoutTransaction { db in
                try db.cachedStatement(sql: sql).execute(arguments: arguments)
            }
        } catch {
            throw StoreError.statement(sql, reason: "\(error)")
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let arguments = StatementArguments(binds.map(\.databaseValue))
        do {
            return try await queue.writeWithoutTransaction { db in
                try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                    row.databaseValues.map(SQLValue.init)
                }
            }
        } catch {
            throw StoreError.statement(sql, reason: "\(error)")
        }
    }

    func executeMany(_ sql: String, _ rows: [[SQLValue]]) async throws {
        let all = rows.map { StatementArguments($0.map(\.databaseValue)) }
        do {
            try await queue.writeWithoutTransaction { db in
                let statement = try db.cachedStatement(sql: sql)
                for arguments in all { try statement.execute(arguments: arguments) }
            }
        } catch {
            throw StoreError.statement(sql, reason: "\(error)")
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): Data(value).databaseValue
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .integer(number)
        case .double(let number): self = .integer(Int64(number))
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob([UInt8](data))
        }
    }
}
