import BarValidation
import ChunkPlanning
import PQKit

/// Stores one tick page, finishes its chunk and records the chain's next page, in one transaction
/// (DESIGN invariant 3, for chains).
///
/// The next page is written to `chunks` (pending) in the same transaction as this page's ticks and state, and
/// this page's row remembers it (`next_chunk_id`). So a crash at any point loses nothing: before the commit the
/// page is fetched again; after it, the next page is in PostgreSQL for `resume`, and a redelivered page finds
/// itself finished and hands back its next page's id (``CommitOutcome/alreadyFinished(_:next:)``) to be queued.
///
/// The page's row is locked (`SELECT … FOR UPDATE`), so two workers holding the same page serialise here and the
/// second sees it finished.
public struct TickStore: Sendable {
    /// The connection the store writes through.
    public let database: any PostgresClient

    /// Creates a store over a connection.
    public init(database: any PostgresClient) {
        self.database = database
    }

    /// What ``commit(_:instrumentID:ticks:next:anomalyCount:)`` did.
    public enum CommitOutcome: Sendable, Hashable {
        /// The ticks were upserted and the page is now `done` (`empty` without ticks); `tickCount` is how many were
        /// new (a page re-fetches its predecessor's last second); `next` is the next page's chunk id, or nil when
        /// the chain ended.
        case committed(ChunkState, tickCount: Int, next: String?)
        /// The page had finished already: nothing was written. `next` is the next page it recorded, if any.
        case alreadyFinished(ChunkState, next: String?)

        /// The next page to queue, if any.
        public var next: String? {
            switch self {
            case .committed(_, _, let next), .alreadyFinished(_, let next): next
            }
        }
    }

    /// Upserts a page's ticks, marks the page finished and writes the next page, atomically.
    ///
    /// - Parameters:
    ///   - page: The page.
    ///   - instrumentID: The page's `instruments.id`; must match its row.
    ///   - ticks: The validated ticks; empty marks the page `empty`.
    ///   - next: The chain's next page (same backfill), or nil when the chain ends here.
    ///   - anomalyCount: What the validator counted, kept on the chunk row.
    /// - Throws: ``BarStoreError`` when the page is unknown or not this series; PQKit's `PostgresError` when the
    ///   database refuses a tick or the connection breaks. In every case nothing is written.
    public func commit(
        _ page: TickPage,
        instrumentID: Int64,
        ticks: [StoredTick],
        next: TickPage?,
        anomalyCount: Int
    ) async throws -> CommitOutcome {
        let chunkID = page.id.rawValue
        return try await database.withTransaction { database in
            let row = try database.query(
                """
                SELECT state, instrument_id, bar_size, what_to_show, backfill_id, next_chunk_id
                FROM chunks WHERE id = $1 FOR UPDATE
                """,
                chunkID
            ).singleRow()
            guard let row else {
                throw BarStoreError(.unknownChunk, "No chunk has id \(chunkID).")
            }
            let stateText = try row.decode(String.self, "state")
            if let state = ChunkState(rawValue: stateText), state.isFinished {
                return .alreadyFinished(state, next: try row.decode(String?.self, "next_chunk_id"))
            }
            let series = (
                try row.decode(Int64.self, "instrument_id"), try row.decode(String.self, "bar_size"),
                try row.decode(String.self, "what_to_show")
            )
            guard series == (instrumentID, ChunkStore.tickPageBarSize, page.tickType.rawValue) else {
                throw BarStoreError(
                    .chunkMismatch,
                    "Chunk \(chunkID) is instrument \(series.0) \(series.1) \(series.2), not instrument "
                        + "\(instrumentID) \(page.tickType) ticks; its ticks were not stored."
                )
            }
            var newTicks = 0
            if !ticks.isEmpty {
                newTicks = try TickTable(tickType: page.tickType).upsert(
                    ticks,
                    into: database,
                    instrumentID: instrumentID,
                    chunkID: chunkID
                )
            }
            var recordedNext: String?
            if let next {
                let backfillID = try row.decode(String.self, "backfill_id")
                if try Self.insert(next, after: chunkID, backfillID: backfillID, database) {
                    recordedNext = next.id.rawValue
                }
            }
            let state: ChunkState = ticks.isEmpty ? .empty : .done
            try database.query(
                """
                UPDATE chunks SET state = $2, tick_count = $3, anomaly_count = $4, next_chunk_id = $5,
                                  finished_at = now(), updated_at = now()
                WHERE id = $1
                """,
                [chunkID, state.rawValue, newTicks, anomalyCount, recordedNext]
            )
            return .committed(state, tickCount: newTicks, next: recordedNext)
        }
    }

    /// Writes the next page as a pending chunk of the same backfill and instrument; a page that exists already
    /// (an earlier run's, or another backfill's) is left as it is. A cancelled backfill's chain ends here.
    ///
    /// - Returns: Whether the next page is recorded (now or before).
    private static func insert(
        _ next: TickPage,
        after chunkID: String,
        backfillID: String,
        _ database: isolated PostgresConnection
    ) throws -> Bool {
        let inserted = try database.query(
            """
            INSERT INTO chunks (id, backfill_id, instrument_id, bar_size, what_to_show, use_rth, end_time,
                                end_date_time, duration, window_start, window_end, chain_id, page_index)
            SELECT $2, c.backfill_id, c.instrument_id, c.bar_size, c.what_to_show, $3, to_timestamp($5::bigint), '',
                   '', to_timestamp($4::bigint), to_timestamp($5::bigint), $6, $7
            FROM chunks c JOIN backfills b ON b.id = c.backfill_id
            WHERE c.id = $1 AND b.state = 'active'
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            [
                chunkID, next.id.rawValue, next.useRTH, next.start, next.sessionEnd, next.chainID.rawValue,
                next.pageIndex,
            ]
        ).rows.count
        if inserted > 0 {
            try database.query(
                "UPDATE backfills SET chunk_count = chunk_count + 1, updated_at = now() WHERE id = $1",
                backfillID
            )
            return true
        }
        return try database.query("SELECT 1 FROM chunks WHERE id = $1", next.id.rawValue).rows.count == 1
    }

    /// The next page a finished page recorded, for a redelivered page whose successor may never have been queued.
    public func recordedNext(of page: TickPage) async throws -> String? {
        try await database.query("SELECT next_chunk_id FROM chunks WHERE id = $1", page.id.rawValue).singleRow()?
            .decode(String?.self, "next_chunk_id")
    }
}
