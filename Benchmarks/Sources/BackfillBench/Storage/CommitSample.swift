import BackfillStore
import BarValidation
import ChunkPlanning
import Foundation
import PQKit
import TWSProtocol

/// Chunks of 1-minute regular-hours bars as the planner cuts them (one week, up to 1950 bars each), recorded through
/// ``ChunkStore`` and marked running as the worker leaves them, with their bars built in memory ahead of time, so
/// that timing ``commit(_:into:)`` times only the worker's commit path: ``BarStore/commit`` (COPY, upsert and the
/// chunk marked done, in one transaction).
struct CommitSample: Sendable {
    struct Chunk: Sendable {
        let row: ChunkRow
        let instrumentID: Int64
        let bars: [StoredBar]
    }

    let chunks: [Chunk]
    var barCount: Int { chunks.reduce(0) { $0 + $1.bars.count } }

    /// Plans `[from, to)` for each contract, records the chunks in the schema `database` works in, and builds their
    /// bars: one a minute from 14:30 to 21:00 UTC on weekdays, inside each chunk's window.
    static func prepare(
        contracts: [Contract],
        from: Int64,
        to: Int64,
        in database: PostgresConnection
    ) async throws
        -> CommitSample
    {
        let request = PlanRequest(
            contracts: contracts,
            from: from,
            to: to,
            barSize: try BarSizeSetting(parsing: "1min"),
            useRTH: true
        )
        let rows = try Planner().plan(request, now: to + 86_400).chunks.map(ChunkRow.init)
        let store = ChunkStore(database: database)
        let record = BackfillRecord(
            id: request.backfillID,
            barSize: "1 min",
            whatToShow: "TRADES",
            useRTH: true,
            rangeStart: from,
            rangeEnd: to
        )
        _ = try await store.record(record, chunks: rows)
        try await store.markQueued(rows.map(\.id))
        for row in rows { try await store.markRunning(row.id, worker: "bench", clientID: 1) }
        let instrumentIDs = try await store.instrumentIDs(for: contracts)
        return CommitSample(
            chunks: rows.map { row in
                Chunk(row: row, instrumentID: instrumentIDs[row.contract] ?? 0, bars: bars(in: row))
            }
        )
    }

    /// Bars a real session could hold, with prices that differ from bar to bar.
    static func bars(in row: ChunkRow) -> [StoredBar] {
        var bars: [StoredBar] = []
        var start = (row.windowStart + 59) / 60 * 60
        while start < row.windowEnd {
            let day = start / 86_400
            let minute = (start % 86_400) / 60
            // 1970-01-01 was a Thursday, so (day + 3) % 7 counts from Monday (0) to Sunday (6).
            if (day + 3) % 7 < 5, (870..<1_260).contains(minute) {
                let cents = 10_000 + Int(start / 60 % 5_000)
                bars.append(
                    StoredBar(
                        start: start,
                        open: price(cents),
                        high: price(cents + 25),
                        low: price(cents - 25),
                        close: price(cents + 10),
                        volume: String(100 + start / 60 % 9_000),
                        wap: price(cents + 5),
                        count: 1 + Int(start / 60 % 300)
                    )
                )
            }
            start += 60
        }
        return bars
    }

    private static func price(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Commits the chunks in `range` one after the other, as one worker task does, and returns the time it took.
    func commit(_ range: Range<Int>, into database: PostgresConnection) async throws -> Duration {
        let store = BarStore(database: database)
        let clock = ContinuousClock()
        let started = clock.now
        for chunk in chunks[range] {
            let outcome = try await store.commit(
                chunkID: chunk.row.id,
                instrumentID: chunk.instrumentID,
                barSize: chunk.row.barSize.ibName,
                whatToShow: chunk.row.whatToShow,
                bars: chunk.bars,
                anomalyCount: 0
            )
            guard case .committed(_, let stored, _) = outcome, stored == chunk.bars.count else {
                throw BenchError("chunk \(chunk.row.id) was not committed: \(outcome)")
            }
        }
        return clock.now - started
    }
}
