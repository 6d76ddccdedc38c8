import BackfillTestSupport
import PQKit
import Testing

@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct PostgresConnectionTests {
    private func withDatabase<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration, body)
        }
    }

    @Test(arguments: [
        "plain",
        "it's \"quoted\" -- not a comment; DROP TABLE x;",
        "back\\slash and $1 and ?",
        "ünïcødé 日本語 🚀 \u{200B}",
        "tab\tnew\nline",
        "",
    ])
    func parametersRoundTripExactly(text: String) async throws {
        try await withDatabase { db in
            try await db.query("CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)")
            try await db.query("INSERT INTO notes (body) VALUES ($1)", text)
            let row = try #require(
                try await db.query("SELECT body, length(body) AS n FROM notes WHERE body = $1", text).singleRow()
            )
            #expect(try row.decode(String.self, "body") == text)
            #expect(try row.decode(Int.self, "n") == text.count)
        }
    }

    @Test func typedValuesAndNulls() async throws {
        try await withDatabase { db in
            let result = try await db.query(
                "SELECT $1::int AS i, $2::bigint AS b, $3::boolean AS f, $4::float8 AS d, $5::bytea AS bytes, $6::text AS nothing",
                42,
                Int64.max,
                true,
                2.5,
                [UInt8]([0, 1, 255]),
                PostgresNull()
            )
            let row = try #require(try result.singleRow())
            #expect(try row.decode(Int.self, "i") == 42)
            #expect(try row.decode(Int64.self, "b") == Int64.max)
            #expect(try row.decode(Bool.self, "f") == true)
            #expect(try row.decode(Double.self, "d") == 2.5)
            #expect(try row.decode([UInt8].self, "bytes") == [0, 1, 255])
            #expect(try row.decode(String?.self, "nothing") == nil)
            #expect(throws: PostgresError.self) { try row.decode(String.self, "nothing") }
            #expect(throws: PostgresError.self) { try row.decode(Int.self, "missing") }
            #expect(throws: PostgresError.self) { try row.decode(Int.self, "d") }
        }
    }

    @Test func textWithANULByteIsRejectedBeforeSending() async throws {
        try await withDatabase { db in
            await #expect {
                try await db.query("SELECT $1::text", "a\u{0}b")
            } throws: { error in
                (error as? PostgresError)?.code == .invalidParameter
            }
            #expect(await db.isConnected)
        }
    }

    @Test func uniqueViolationKeepsSQLStateAndConstraint() async throws {
        try await withDatabase { db in
            try await db.query("CREATE TABLE things (id int CONSTRAINT things_pk PRIMARY KEY)")
            try await db.query("INSERT INTO things VALUES ($1)", 1)
            await #expect {
                try await db.query("INSERT INTO things VALUES ($1)", 1)
            } throws: { error in
                guard let error = error as? PostgresError else { return false }
                return error.code == .server && error.sqlState == "23505"
                    && error.constraintName == "things_pk" && error.tableName == "things"
                    && error.description.contains("SQLSTATE 23505")
            }
            // The connection stays usable after a server error.
            #expect(try await db.query("SELECT count(*) AS n FROM things").rows.first?.decode(Int.self, "n") == 1)
        }
    }

    @Test func transactionsCommitAndRollBack() async throws {
        struct Abort: Error {}
        try await withDatabase { db in
            try await db.query("CREATE TABLE ledger (n int)")
            try await db.withTransaction { db in
                try db.query("INSERT INTO ledger VALUES ($1)", 1)
                try db.query("INSERT INTO ledger VALUES ($1)", 2)
            }
            await #expect(throws: Abort.self) {
                try await db.withTransaction { db in
                    try db.query("INSERT INTO ledger VALUES ($1)", 3)
                    throw Abort()
                }
            }
            // A server error inside the transaction rolls it back too.
            await #expect(throws: PostgresError.self) {
                try await db.withTransaction { db in
                    try db.query("INSERT INTO ledger VALUES ($1)", 4)
                    try db.query("INSERT INTO ledger VALUES ($1)", "not a number")
                }
            }
            let rows = try await db.query("SELECT n FROM ledger ORDER BY n").rows
            #expect(try rows.map { try $0.decode(Int.self, "n") } == [1, 2])
        }
    }

    @Test func copiesOneHundredThousandRows() async throws {
        try await withDatabase { db in
            try await db.query(
                "CREATE TABLE copy_target (id bigint PRIMARY KEY, symbol text, price numeric, note text)"
            )
            let stored = try await db.copyFrom("COPY copy_target (id, symbol, price, note) FROM STDIN") { writer in
                for id in 0..<100_000 {
                    writer.appendField(Int64(id))
                    try writer.appendField("SYM\(id % 500)")
                    try writer.appendField("\(id / 100).\(id % 100 < 10 ? "0" : "")\(id % 100)")
                    try writer.appendField(id % 1000 == 0 ? "tab\there\\ and\nnewline" : (id % 7 == 0 ? nil : "ok"))
                    try writer.endRow()
                }
            }
            #expect(stored == 100_000)
            let summary = try #require(
                try await db.query(
                    "SELECT count(*) AS n, count(note) AS notes, sum(id) AS total, max(price)::text AS top FROM copy_target"
                ).singleRow()
            )
            #expect(try summary.decode(Int.self, "n") == 100_000)
            #expect(try summary.decode(Int64.self, "total") == 4_999_950_000)
            #expect(try summary.decode(String.self, "top") == "999.99")
            let nulls = (0..<100_000).filter { $0 % 1000 != 0 && $0 % 7 == 0 }.count
            #expect(try summary.decode(Int.self, "notes") == 100_000 - nulls)
            let special = try #require(
                try await db.query("SELECT note FROM copy_target WHERE id = $1", 2000).singleRow()
            )
            #expect(try special.decode(String.self, "note") == "tab\there\\ and\nnewline")
        }
    }

    @Test func aFailedCopyStoresNothingAndKeepsTheConnection() async throws {
        struct Stop: Error {}
        try await withDatabase { db in
            try await db.query("CREATE TABLE copy_target (id bigint PRIMARY KEY)")
            await #expect(throws: Stop.self) {
                _ = try await db.copyFrom("COPY copy_target (id) FROM STDIN") { writer in
                    for id in 0..<10_000 {
                        writer.appendField(Int64(id))
                        try writer.endRow()
                    }
                    throw Stop()
                }
            }
            // A duplicate key fails the COPY on the server.
            await #expect {
                _ = try await db.copyFrom("COPY copy_target (id) FROM STDIN") { writer in
                    for id in [1, 2, 1] {
                        writer.appendField(Int64(id))
                        try writer.endRow()
                    }
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "23505"
            }
            #expect(try await db.query("SELECT count(*) AS n FROM copy_target").rows.first?.decode(Int.self, "n") == 0)
        }
    }

    /// Collects what `copyTo` hands over; touched only on the connection's thread during the COPY.
    final class CopyCollector: @unchecked Sendable {
        var bytes: [UInt8] = []
        var calls = 0
    }

    @Test func copyToStreamsEveryRowAndAFailingSinkKeepsTheConnection() async throws {
        struct Stop: Error {}
        try await withDatabase { db in
            let collector = CopyCollector()
            let rows = try await db.copyTo(
                "COPY (SELECT n, n * 1.50 AS price FROM generate_series(1, 100000) AS n) TO STDOUT WITH (FORMAT csv)"
            ) { block in
                collector.bytes.append(contentsOf: block)
                collector.calls += 1
            }
            #expect(rows == 100_000)
            let lines = String(decoding: collector.bytes, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == 100_000 && lines.first == "1,1.50" && lines.last == "100000,150000.00")
            // Handed over as the server sends it (a row at a time), never as one buffer of the whole output.
            #expect(collector.calls > 1_000)

            let failing = CopyCollector()
            await #expect(throws: Stop.self) {
                _ = try await db.copyTo("COPY (SELECT n FROM generate_series(1, 10000000) AS n) TO STDOUT") { _ in
                    failing.calls += 1
                    if failing.calls == 10 { throw Stop() }
                }
            }
            // The statement was cancelled rather than read to its end, and the connection still answers.
            #expect(failing.calls == 10)
            #expect(try await db.query("SELECT 7 AS n").rows.first?.decode(Int.self, "n") == 7)
            await #expect {
                _ = try await db.copyTo("SELECT 1") { _ in }
            } throws: { error in
                (error as? PostgresError)?.code == .unexpectedResult
            }
        }
    }

    @Test func copyFromRefusesStatementsThatAreNotCopyFromStdin() async throws {
        try await withDatabase { db in
            await #expect {
                _ = try await db.copyFrom("SELECT 1") { _ in }
            } throws: { error in
                (error as? PostgresError)?.code == .unexpectedResult
            }
            await #expect {
                _ = try await db.copyFrom("COPY missing_table FROM STDIN") { _ in }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "42P01"
            }
            let one = try await db.query("SELECT 1 AS one").rows.first?.decode(Int.self, "one")
            #expect(one == 1)
        }
    }

    @Test func reconnectsAfterTheConnectionBreaks() async throws {
        try await withDatabase { db in
            let pid = try #require(try await db.query("SELECT pg_backend_pid() AS pid").singleRow()).decode(
                Int.self,
                "pid"
            )
            _ = try await PostgresConnection.withConnection(configuration: db.configuration) { admin in
                try await admin.query("SELECT pg_terminate_backend($1)", pid)
            }
            await #expect {
                try await db.query("SELECT 1")
            } throws: { error in
                (error as? PostgresError)?.code == .connectionLost
            }
            #expect(await db.isConnected == false)
            let newPID = try #require(try await db.query("SELECT pg_backend_pid() AS pid").singleRow()).decode(
                Int.self,
                "pid"
            )
            #expect(newPID != pid)
            // The new session got the same settings.
            #expect(try await db.query("SHOW TimeZone").rows.first?.values.first == "UTC")
        }
    }

    @Test func manyTasksShareOneConnectionSafely() async throws {
        try await withDatabase { db in
            try await db.query("CREATE TABLE hits (n int)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<20 {
                    group.addTask {
                        for step in 0..<25 { try await db.query("INSERT INTO hits VALUES ($1)", task * 100 + step) }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await db.query("SELECT count(*) AS n FROM hits").rows.first?.decode(Int.self, "n") == 500)
        }
    }

    @Test func anUnreachableServerFailsWithoutShowingThePassword() async throws {
        let configuration = try PostgresConfiguration(url: "postgresql://backfill:hunter2-secret@127.0.0.1:1/backfill")
        await #expect {
            _ = try await PostgresConnection.connect(configuration: configuration)
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            let text = "\(error) \(String(reflecting: error))"
            return error.code == .connectionFailed && !text.contains("hunter2-secret") && text.contains("127.0.0.1:1")
        }
    }
}
