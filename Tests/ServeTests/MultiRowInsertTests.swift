import Testing

@testable import ServeStore

/// The PostgreSQL adapter's multi-row `INSERT`s (`executeMany` sends a chunk of rows in one statement); the store
/// suite runs them against a real server, these pin the rewriting itself.
@Suite("Multi-row INSERT rewriting")
struct MultiRowInsertTests {
    @Test("the VALUES tuple is repeated, the rest kept; placeholders are then numbered in order")
    func repeated() throws {
        let sql = "INSERT INTO t (a, b, c) VALUES (?, ?, 'x') ON CONFLICT (a) DO UPDATE SET b = excluded.b"
        let insert = try #require(MultiRowInsert(sql))
        #expect(insert.sql(rows: 1) == sql)
        #expect(
            insert.sql(rows: 3)
                == "INSERT INTO t (a, b, c) VALUES (?, ?, 'x'), (?, ?, 'x'), (?, ?, 'x') ON CONFLICT (a) DO UPDATE "
                + "SET b = excluded.b")
        #expect(
            PostgresSQLConnection.numbered(insert.sql(rows: 2))
                == "INSERT INTO t (a, b, c) VALUES ($1, $2, 'x'), ($3, $4, 'x') ON CONFLICT (a) DO UPDATE SET "
                + "b = excluded.b")
    }

    @Test("statements that are not a plain VALUES insert run row by row")
    func refused() {
        #expect(MultiRowInsert("DELETE FROM t WHERE a = ?") == nil)
        #expect(MultiRowInsert("UPDATE t SET a = ? WHERE b = ?") == nil)
        #expect(MultiRowInsert("INSERT INTO t (a) SELECT ? WHERE true") == nil)
        #expect(MultiRowInsert("INSERT INTO t (a, b) VALUES (lower(?), ?)") == nil)
        #expect(MultiRowInsert("INSERT INTO t (a) VALUES ('x')") == nil)
    }
}
