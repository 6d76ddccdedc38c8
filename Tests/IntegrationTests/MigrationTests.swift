import BackfillStore
import BackfillTestSupport
import Foundation
import PQKit
import Testing

@Suite(.enabled(if: TestServers.postgresEnabled, "DATABASE_URL is not set"))
struct MigrationTests {
    /// Every column of every table in the schema, with its type and nullability, for before/after comparisons.
    private static func catalog(_ db: PostgresConnection, schema: String) async throws -> [String] {
        let rows = try await db.query(
            """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line
            FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1
            """,
            schema
        ).rows
        let indexes = try await db.query(
            "SELECT indexname || ' ' || indexdef AS line FROM pg_indexes WHERE schemaname = $1 ORDER BY 1",
            schema
        ).rows
        return try (rows + indexes).map { try $0.decode(String.self, "line") }
    }

    private static func versions(_ db: PostgresConnection) async throws -> [Int] {
        try await db.query("SELECT version FROM schema_migrations ORDER BY version").rows.map {
            try $0.decode(Int.self, "version")
        }
    }

    @Test func createsTheSchemaThenChangesNothingTheSecondTime() async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                let first = try await Migrator().migrate(db)
                #expect(first.applied == SchemaMigrations.all.map(\.version))
                let before = try await Self.catalog(db, schema: schema.name)
                for table in ["instruments", "backfills", "chunks", "bars", "head_timestamps", "schema_migrations"] {
                    #expect(before.contains { $0.hasPrefix(table + ".") }, "missing table \(table)")
                }

                let second = try await Migrator().migrate(db)
                #expect(second.applied.isEmpty)
                #expect(second.currentVersion == Migrator().latestVersion)
                #expect(try await Self.catalog(db, schema: schema.name) == before)
                #expect(try await Self.versions(db) == SchemaMigrations.all.map(\.version))
            }
        }
    }

    @Test func barsKeepPricesExactlyAndRejectDuplicates() async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                _ = try await Migrator().migrate(db)
                let id = try #require(
                    try await db.query(
                        "INSERT INTO instruments (symbol, sec_type, exchange, currency) VALUES ($1, $2, $3, $4) RETURNING id",
                        "AAPL",
                        "STK",
                        "SMART",
                        "USD"
                    ).singleRow()
                ).decode(Int64.self, "id")
                let insert: PostgresQuery = """
                    INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume)
                    VALUES ($1, '1 min', 'TRADES', '2024-03-08 14:30:00+00', $2, $3, $4, $5, $6)
                    """
                try await db.query(insert, id, "171.50", "171.7500", "171.1", "171.25", "12345.6789")
                let row = try #require(
                    try await db.query("SELECT open::text, high::text, volume::text FROM bars").singleRow()
                )
                #expect(try row.decode(String.self, "open") == "171.50")
                #expect(try row.decode(String.self, "high") == "171.7500")
                #expect(try row.decode(String.self, "volume") == "12345.6789")
                await #expect {
                    try await db.query(insert, id, "1", "1", "1", "1", "1")
                } throws: { error in
                    (error as? PostgresError)?.sqlState == "23505"
                }
            }
        }
    }

    /// The tables a worker writes row by row, thousands per chunk, carry no foreign keys (migrations 7 and 8): each
    /// key is a trigger and a locking lookup per row, which took as long as the insert itself. The small tables
    /// keep theirs.
    @Test func tablesWrittenPerBarHaveNoForeignKeysAndSmallTablesKeepTheirs() async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                _ = try await Migrator().migrate(db)
                let keyed = Set(
                    try await db.query(
                        """
                        SELECT DISTINCT c.conrelid::regclass::text AS table_name
                        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                        WHERE c.contype = 'f' AND n.nspname = $1
                        """,
                        schema.name
                    ).rows.map { try $0.decode(String.self, "table_name") }
                )
                for table in ["bars", "trade_ticks", "bid_ask_ticks", "midpoint_ticks", "chunks"] {
                    #expect(!keyed.contains(table), "\(table) still has a foreign key")
                }
                for table in ["head_timestamps", "backfill_instruments", "follows"] {
                    #expect(keyed.contains(table), "\(table) lost its foreign key")
                }
            }
        }
    }

    @Test func twoConnectionsMigratingAtOnceApplyEachVersionOnce() async throws {
        try await TestSchema.with { schema in
            let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                            try await Migrator().migrate(db)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.flatMap(\.applied).sorted() == SchemaMigrations.all.map(\.version))
            let versions = try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                try await Self.versions(db)
            }
            #expect(versions == SchemaMigrations.all.map(\.version))
        }
    }

    @Test func twoProcessesMigratingAtOnceBothSucceed() async throws {
        let backfill = try BuiltProducts.backfill()
        try await TestSchema.with { schema in
            let results = try await withThrowingTaskGroup(of: ProcessResult.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await ProcessResult.run(backfill, ["migrate"], environment: ["DATABASE_URL": schema.url])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for result in results {
                #expect(result.status == 0, "backfill migrate failed: \(result.standardError)")
            }
            let outputs = results.map(\.standardOutput).sorted()
            let all = SchemaMigrations.all.map { String($0.version) }.joined(separator: ", ")
            let latest = Migrator().latestVersion
            #expect(outputs.contains { $0.hasPrefix("Applied migration(s) \(all); schema is at version \(latest)") })
            #expect(outputs.contains { $0.hasPrefix("Schema is up to date at version \(latest)") })
            let versions = try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                try await Self.versions(db)
            }
            #expect(versions == SchemaMigrations.all.map(\.version))
        }
    }

    @Test func refusesADatabaseNewerThanThisBuild() async throws {
        try await TestSchema.with { schema in
            try await PostgresConnection.withConnection(configuration: schema.configuration) { db in
                _ = try await Migrator().migrate(db)
                try await db.query(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    999,
                    "from the future"
                )
                await #expect(throws: MigrationError.self) { try await Migrator().migrate(db) }
            }
        }
    }
}
