import BackfillTestSupport
import PQKit
import Testing

/// The worker's pool: connections lent one call at a time, statements cancelled from outside, and the server's
/// statement timeout.
@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct PostgresConnectionPoolTests {
    /// The backend process id of the connection a call gets.
    static func backend(_ connection: PostgresConnection) async throws -> Int {
        try #require(try await connection.query("SELECT pg_backend_pid() AS pid").singleRow()).decode(Int.self, "pid")
    }

    @Test func callsAtOnceGetConnectionsOfTheirOwnAndOneConnectionIsReused() async throws {
        try await TestSchema.with { schema in
            let pool = PostgresConnectionPool(configuration: schema.configuration, size: 2)
            let holding = AsyncStream<Int>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            // The first call holds its connection until told to let go …
            let first = Task {
                try await pool.withConnection { connection in
                    holding.continuation.yield(try await Self.backend(connection))
                    for await _ in release.stream { break }
                }
            }
            var iterator = holding.stream.makeAsyncIterator()
            let held = try #require(await iterator.next())
            // … and a second call meanwhile is not kept waiting: it gets the other connection.
            let other = try await pool.withConnection { try await Self.backend($0) }
            #expect(other != held)
            release.continuation.yield()
            try await first.value
            // Calls one after another reuse a connection rather than opening a third.
            let again = try await pool.withConnection { try await Self.backend($0) }
            #expect([held, other].contains(again))
            await pool.close()
        }
    }

    @Test func aRunningStatementIsCancelledFromOutsideAndTheConnectionStaysUsable() async throws {
        try await TestSchema.with { schema in
            let pool = PostgresConnectionPool(configuration: schema.configuration, size: 2)
            let sleeping = Task { try await pool.query("SELECT pg_sleep(30)") }
            // Wait until the server runs it, as seen from a connection of its own.
            let observer = PostgresConnection(configuration: schema.configuration)
            var running = false
            for _ in 0..<200 where !running {
                let rows = try await observer.query(
                    "SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'"
                ).rows
                running = try rows.first?.decode(Int.self, "n") == 1
                if !running { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(running)
            pool.cancelRunningStatements()
            await #expect {
                try await sleeping.value
            } throws: { error in
                (error as? PostgresError)?.sqlState == "57014"
            }
            #expect(try await pool.query("SELECT 1 AS one").singleRow()?.decode(Int.self, "one") == 1)
            await observer.close()
            await pool.close()
        }
    }

    @Test func theStatementTimeoutEndsAStatementThatRunsTooLong() async throws {
        try await TestSchema.with { schema in
            var configuration = schema.configuration
            configuration.statementTimeout = .milliseconds(200)
            let pool = PostgresConnectionPool(configuration: configuration, size: 1)
            await #expect {
                try await pool.query("SELECT pg_sleep(10)")
            } throws: { error in
                (error as? PostgresError)?.sqlState == "57014"
            }
            let setting = try await pool.query("SHOW statement_timeout").singleRow()?.decode(
                String.self,
                "statement_timeout"
            )
            #expect(setting == "200ms")
            await pool.close()
        }
    }

    @Test func aCallWaitingForAConnectionEndsWhenItsTaskIsCancelled() async throws {
        try await TestSchema.with { schema in
            let pool = PostgresConnectionPool(configuration: schema.configuration, size: 1)
            let holding = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in
                    holding.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            var iterator = holding.stream.makeAsyncIterator()
            _ = await iterator.next()
            let waiter = Task { try await pool.query("SELECT 1") }
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            release.continuation.yield()
            try await holder.value
            #expect(try await pool.query("SELECT 1 AS one").singleRow()?.decode(Int.self, "one") == 1)
            await pool.close()
        }
    }
}
