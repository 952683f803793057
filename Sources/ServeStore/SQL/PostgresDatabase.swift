import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL adapter (PostgresNIO): a connection pool that any number of worker processes share; the queue's
/// claim locks with `FOR UPDATE SKIP LOCKED`.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    let client: PostgresClient
    private let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects to `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (or `?host=/socket/dir` for a Unix socket).
    public init(url: String, logger: Logger) throws {
        var target = try PostgresURL(parsing: url)
        // As libpq does: a password not in the URL comes from PGPASSWORD (a Kubernetes Secret, never the URL).
        if target.password == nil { target.password = ProcessInfo.processInfo.environment["PGPASSWORD"] }
        var configuration: PostgresClient.Configuration
        if let socket = target.socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socket)/.s.PGSQL.\(target.port)", username: target.user,
                password: target.password, database: target.database)
        } else {
            configuration = .init(
                host: target.host, port: target.port, username: target.user, password: target.password,
                database: target.database, tls: .disable)
        }
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        // The pool needs `run()` going for as long as it is used; `close()` cancels it.
        runner = Task { await client.run() }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(PostgresSQLConnection(connection: connection, logger: logger))
            }
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresTransactionError {
            if let closure = error.closureError as? StoreError { throw closure }
            throw StoreError.statement("transaction", reason: String(reflecting: error))
        } catch {
            throw StoreError.unavailable("(PostgreSQL)", reason: String(reflecting: error))
        }
    }

    public func statement(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        do {
            return try await client.withConnection { connection in
                try await PostgresSQLConnection(connection: connection, logger: logger).query(sql, binds)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("(PostgreSQL)", reason: String(reflecting: error))
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }
}

struct PostgresSQLConnection: SQLConnection, @unchecked Sendable {
    // @unchecked: the connection is used only inside the transaction closure that lent it, one statement at a time.
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        _ = try await run(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await run(sql, binds)
    }

    /// An `INSERT … VALUES (?, …) …` goes as multi-row statements (up to 1,000 rows and 60,000 parameters each),
    /// one round trip a chunk instead of one a row; any other statement runs once a row. The rows of one chunk
    /// must not conflict with each other under `ON CONFLICT … DO UPDATE` (the callers deduplicate).
    func executeMany(_ sql: String, _ rows: [[SQLValue]]) async throws {
        guard let first = rows.first, !first.isEmpty, let template = MultiRowInsert(sql) else {
            for row in rows { _ = try await run(sql, row) }
            return
        }
        let chunk = max(1, min(1_000, 60_000 / first.count))
        var statement = (rows: 0, sql: "")
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + chunk)
            if statement.rows != end - start { statement = (end - start, template.sql(rows: end - start)) }
            _ = try await run(statement.sql, rows[start..<end].flatMap { $0 })
            start = end
        }
    }

    private func run(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        do {
            var rows: [SQLRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                var values: SQLRow = []
                for cell in row { values.append(try Self.value(cell)) }
                rows.append(values)
            }
            return rows
        } catch {
            throw StoreError.statement(sql, reason: String(reflecting: error))
        }
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
        case .float4, .float8, .numeric: return .integer(Int64(try cell.decode(Double.self)))
        default: return .text(try cell.decode(String.self))
        }
    }

    /// `?` placeholders numbered `$1`, `$2`, …, outside quoted strings (a byte loop: the inbox's statement is
    /// numbered for every push, and a loop over characters was a tenth of the service's CPU there).
    static func numbered(_ sql: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(sql.utf8.count + 64)
        var number = 0
        var quoted = false
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "'") { quoted.toggle() }
            if byte == UInt8(ascii: "?") && !quoted {
                number += 1
                result.append(UInt8(ascii: "$"))
                result.append(contentsOf: String(number).utf8)
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// An `INSERT` with one `VALUES (?, …)` tuple (placeholders and constants, no calls), split around the tuple so it can be repeated.
struct MultiRowInsert: Equatable {
    var head: Substring
    var tuple: Substring
    var tail: Substring

    init?(_ sql: String) {
        guard sql.hasPrefix("INSERT "), let values = sql.range(of: " VALUES (") else { return nil }
        let open = sql.index(before: values.upperBound)
        guard let close = sql[open...].firstIndex(of: ")") else { return nil }
        let tuple = sql[open...close]
        guard !tuple.dropFirst().contains("("), tuple.contains("?") else { return nil }
        head = sql[..<open]
        self.tuple = tuple
        tail = sql[sql.index(after: close)...]
    }

    func sql(rows: Int) -> String {
        String(head) + Array(repeating: tuple, count: rows).joined(separator: ", ") + String(tail)
    }
}

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?host=SOCKETDIR]`.
struct PostgresURL: Equatable {
    var user: String
    var password: String?
    var host: String
    var port: Int
    var database: String
    var socketDirectory: String?

    init(parsing text: String) throws {
        var rest = Substring(text)
        if rest.hasPrefix("postgres://") {
            rest = rest.dropFirst("postgres://".count)
        } else if rest.hasPrefix("postgresql://") {
            rest = rest.dropFirst("postgresql://".count)
        } else {
            throw StoreError.badDatabaseURL(text)
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@"), let slash = rest[at...].firstIndex(of: "/") else {
            throw StoreError.badDatabaseURL(text)
        }
        let userInfo = rest[..<at]
        if let colon = userInfo.firstIndex(of: ":") {
            user = String(userInfo[..<colon])
            password = String(userInfo[userInfo.index(after: colon)...]).percentDecoded
        } else {
            user = String(userInfo)
        }
        let hostPort = rest[rest.index(after: at)..<slash]
        if let colon = hostPort.lastIndex(of: ":") {
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw StoreError.badDatabaseURL(text)
            }
            host = String(hostPort[..<colon])
            port = number
        } else {
            host = String(hostPort)
            port = 5432
        }
        database = String(rest[rest.index(after: slash)...])
        for pair in query.split(separator: "&") where pair.hasPrefix("host=") {
            socketDirectory = String(pair.dropFirst(5)).percentDecoded
        }
        guard !user.isEmpty, !database.isEmpty, !host.isEmpty || socketDirectory != nil else {
            throw StoreError.badDatabaseURL(text)
        }
    }
}

extension String {
    fileprivate var percentDecoded: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
