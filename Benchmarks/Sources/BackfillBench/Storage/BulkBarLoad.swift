import BackfillStore
import Foundation
import PQKit
import Synchronization
import TWSProtocol

/// Fills `bars` the fast way, server side, with what a multi-year backfill of 1-minute regular-hours bars leaves
/// behind: many instruments, years each, 390 bars per weekday, prices as IB's decimal text would store them and a
/// chunk id per week.
///
/// The rows go into the real table through its primary key; nothing is dropped or rebuilt. Two shortcuts, both
/// for the loading sessions only: one instrument's rows are computed once into a temporary table and copied for
/// every instrument (computing them was a third of the time), and, where the role may, the per-row foreign-key
/// check is off (`session_replication_role = replica`, what `pg_restore --disable-triggers` does): every loaded
/// row names an instrument created just before. The measured commits run with neither.
struct BulkBarLoad: Sendable {
    /// The first Monday (00:00 UTC) of the loaded range.
    let firstMonday: Int64
    let instruments: Int
    let tradingDaysEach: Int

    static let barsPerDay = 390
    /// Loading sessions at once: each loads a contiguous half of the instruments, in key order.
    static let sessions = 2

    /// At least `rows` bars over `instruments` instruments, starting on `firstMonday`.
    init(rows: Int, instruments: Int, firstMonday: Int64) {
        self.firstMonday = firstMonday
        self.instruments = instruments
        tradingDaysEach = max(1, (rows + instruments * Self.barsPerDay - 1) / (instruments * Self.barsPerDay))
    }

    var rows: Int { instruments * tradingDaysEach * Self.barsPerDay }

    /// The contracts whose bars are loaded (created in `instruments` by ``load(into:progress:)``).
    var contracts: [Contract] {
        (0..<instruments).map { Contract(symbol: "L\(1000 + $0)", secType: .stock, exchange: "SMART", currency: "USD") }
    }

    /// Loads every instrument's bars, one statement per instrument, then runs `VACUUM ANALYZE` as autovacuum would
    /// eventually; `progress` gets the number of bars loaded so far and how many of them the last statement added.
    func load(
        into schema: BenchSchema,
        progress: @escaping @Sendable (_ loaded: Int, _ justNow: Int) -> Void
    ) async throws {
        let ids = try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
            try await ChunkStore(database: database).instrumentIDs(for: contracts)
        }
        let ordered = contracts.map { ids[$0] ?? 0 }.sorted()
        let loaded = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for session in 0..<Self.sessions {
                let share = Array(
                    ordered[(ordered.count * session / Self.sessions)..<(ordered.count * (session + 1) / Self.sessions)]
                )
                group.addTask {
                    try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
                        try await load(share, into: database) { rows in progress(loaded.add(rows), rows) }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await PostgresConnection.withConnection(configuration: schema.configuration) { database in
            try await database.executeScript("SET maintenance_work_mem = '512MB'")
            try await database.executeScript("VACUUM ANALYZE bars")
        }
    }

    private func load(
        _ instrumentIDs: [Int64],
        into database: PostgresConnection,
        loaded: (Int) -> Void
    )
        async throws
    {
        _ = try? await database.executeScript("SET session_replication_role = replica")
        // Trading day k is weekday k % 5 of week k / 5; minute m of a day starts at 14:30 UTC + m.
        try await database.query(
            """
            CREATE TEMPORARY TABLE loaded_minutes AS
            SELECT to_timestamp(t) AS bar_start, ((10000 + t / 60 % 5000) / 100.0)::numeric(12, 2) AS open,
                   ((10025 + t / 60 % 5000) / 100.0)::numeric(12, 2) AS high,
                   ((9975 + t / 60 % 5000) / 100.0)::numeric(12, 2) AS low,
                   ((10010 + t / 60 % 5000) / 100.0)::numeric(12, 2) AS close, (100 + t / 60 % 9000)::numeric AS volume,
                   ((10005 + t / 60 % 5000) / 100.0)::numeric(12, 2) AS wap, (1 + t / 60 % 300)::integer AS bar_count,
                   t / 604800 AS week
            FROM (SELECT $1::bigint + ((n / 390) / 5 * 7 + (n / 390) % 5) * 86400 + 52200 + (n % 390) * 60 AS t
                  FROM generate_series(0, $2::bigint - 1) AS n) AS minutes
            ORDER BY t
            """,
            [firstMonday, tradingDaysEach * Self.barsPerDay]
        )
        for id in instrumentIDs {
            try await database.query(
                """
                INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume, wap,
                                  bar_count, chunk_id, fetched_at)
                SELECT $1::bigint, '1 min', 'TRADES', bar_start, open, high, low, close, volume, wap, bar_count,
                       lpad(to_hex($1::bigint * 100000 + week), 32, '0'), now()
                FROM loaded_minutes
                """,
                id
            )
            loaded(tradingDaysEach * Self.barsPerDay)
        }
    }
}

/// A running total shared by the loading sessions.
private final class Counter: Sendable {
    private let total = Mutex(0)
    func add(_ rows: Int) -> Int {
        total.withLock {
            $0 += rows
            return $0
        }
    }
}
