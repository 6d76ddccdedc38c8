import BarValidation
import PQKit

/// Stores a chunk's bars and finishes the chunk, in one transaction (DESIGN invariant 3).
///
/// Bars are upserted by their natural key (instrument, bar size, what-to-show, start), so a bar that two
/// neighbouring chunks both return (it straddles their edge) is stored once, and the later write wins. The chunk
/// is marked `done` (or `empty`) in the same transaction, and only if it has not finished yet: a redelivered chunk
/// that another worker already stored costs one indexed read and writes nothing, and committing the same chunk
/// twice leaves the rows exactly as the first commit wrote them. The Redis ack belongs after this returns.
///
/// The chunk row is locked (`SELECT … FOR UPDATE`) for the transaction, so two workers holding the same chunk
/// (a lease that expired under a slow worker) serialise here and the second sees `alreadyFinished`. A chunk in
/// `dead` or `retrying` state is still committed: the bars in hand are good, and the late success saves a retry.
///
/// Uses the connection it is given; like every ``PostgresConnection`` use, one statement at a time.
public struct BarStore: Sendable {
    /// The connection the store writes through.
    public let database: any PostgresClient

    /// Creates a store over a connection.
    ///
    /// - Parameter database: The connection; its `search_path` decides the schema.
    public init(database: any PostgresClient) {
        self.database = database
    }

    /// Upserts a chunk's bars and marks the chunk finished, atomically.
    ///
    /// Bars go through `COPY` (text format: only integers and decimal text) into a temporary table dropped at
    /// commit, then into `bars`: with a plain `INSERT` when none of them is stored yet (the usual case, and the
    /// cheaper one; see `insertIfAllNew`), else with `INSERT … ON CONFLICT DO UPDATE`. A stored bar is rewritten only
    /// when a value differs (IB revised it: every value, `chunk_id` and `fetched_at` are set, and the bar is counted
    /// as revised); one fetched again with the same values is left as it was, so `chunk_id` and `fetched_at` name the
    /// fetch that first brought those values. Should `bars` hold two bars with one start, the later one in the array
    /// is stored.
    ///
    /// - Parameters:
    ///   - chunkID: The chunk.
    ///   - instrumentID: The chunk's `instruments.id`; must match the chunk row.
    ///   - barSize: IB's bar size text (`1 min`); must match the chunk row.
    ///   - whatToShow: IB's what-to-show (`TRADES`); must match the chunk row.
    ///   - bars: The validated bars (``ValidatedBars/bars``); empty marks the chunk `empty`.
    ///   - anomalyCount: What the validator counted (``BarAnomalyCounts/total``), kept on the chunk row.
    ///   - noData: For an empty chunk, IB's code and text for "no data" (kept on the row, for `gaps`).
    /// - Returns: Whether the bars were committed or the chunk had already finished.
    /// - Throws: ``BarStoreError`` when the chunk is unknown or is not the series given; PQKit's `PostgresError`
    ///   when the database refuses a bar or the connection breaks. In every case nothing is written.
    public func commit(
        chunkID: String,
        instrumentID: Int64,
        barSize: String,
        whatToShow: String,
        bars: [StoredBar],
        anomalyCount: Int,
        noData: IBNotice? = nil
    ) async throws -> CommitOutcome {
        try await database.withTransaction { database in
            let row = try database.query(
                "SELECT state, instrument_id, bar_size, what_to_show FROM chunks WHERE id = $1 FOR UPDATE",
                chunkID
            ).singleRow()
            guard let row else {
                throw BarStoreError(.unknownChunk, "No chunk has id \(chunkID).")
            }
            let stateText = try row.decode(String.self, "state")
            if let state = ChunkState(rawValue: stateText), state.isFinished {
                return .alreadyFinished(state)
            }
            let series = (
                try row.decode(Int64.self, "instrument_id"), try row.decode(String.self, "bar_size"),
                try row.decode(String.self, "what_to_show")
            )
            guard series == (instrumentID, barSize, whatToShow) else {
                throw BarStoreError(
                    .chunkMismatch,
                    "Chunk \(chunkID) is instrument \(series.0) \(series.1) \(series.2), not instrument "
                        + "\(instrumentID) \(barSize) \(whatToShow); its bars were not stored."
                )
            }
            let revised = bars.isEmpty ? 0 : try Self.upsert(bars, into: database, chunkID: chunkID, series: series)
            let state: ChunkState = bars.isEmpty ? .empty : .done
            try database.query(
                """
                UPDATE chunks SET state = $2, bar_count = $3, anomaly_count = $4, revised_count = $5,
                                  last_error_code = CASE WHEN $2 = 'empty' THEN $6::integer ELSE last_error_code END,
                                  last_error_text = CASE WHEN $2 = 'empty' THEN $7::text ELSE last_error_text END,
                                  finished_at = now(), updated_at = now()
                WHERE id = $1
                """,
                [chunkID, state.rawValue, bars.count, anomalyCount, revised, noData?.code, noData?.text]
            )
            return .committed(state, barCount: bars.count, revised: revised)
        }
    }

    /// `COPY` into a temporary table, then one upsert. Runs inside the caller's transaction.
    ///
    /// - Returns: How many stored bars changed value (revised by IB).
    private static func upsert(
        _ bars: [StoredBar],
        into database: isolated PostgresConnection,
        chunkID: String,
        series: (instrumentID: Int64, barSize: String, whatToShow: String)
    ) throws -> Int {
        // `numeric` columns make COPY reject text that is not a number, before anything reaches `bars`.
        try database.executeScript(
            """
            CREATE TEMPORARY TABLE incoming_bars (
                seq bigint, bar_start bigint, open numeric, high numeric, low numeric, close numeric,
                volume numeric, wap numeric, bar_count integer
            ) ON COMMIT DROP
            """
        )
        _ = try database.copyFrom(
            "COPY incoming_bars (seq, bar_start, open, high, low, close, volume, wap, bar_count) FROM STDIN"
        ) { writer in
            for (index, bar) in bars.enumerated() {
                writer.appendField(Int64(index))
                writer.appendField(bar.start)
                try writer.appendField(bar.open)
                try writer.appendField(bar.high)
                try writer.appendField(bar.low)
                try writer.appendField(bar.close)
                try writer.appendField(bar.volume)
                try writer.appendField(bar.wap)
                if let count = bar.count {
                    writer.appendField(Int64(count))
                } else {
                    try writer.appendField(nil)
                }
                try writer.endRow()
            }
        }
        if try insertIfAllNew(into: database, chunkID: chunkID, series: series) { return 0 }
        // DISTINCT ON keeps one row per start (the last written): an upsert may touch each key only once. A row
        // the upsert returns with xmax ≠ 0 existed before and was updated, which the WHERE allows only for changed
        // values.
        let counted = try database.query(
            """
            WITH written AS (
            INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume, wap,
                              bar_count, chunk_id, fetched_at)
            SELECT DISTINCT ON (bar_start)
                   $1, $2, $3, to_timestamp(bar_start), open, high, low, close, volume, wap, bar_count, $4, now()
            FROM incoming_bars
            ORDER BY bar_start, seq DESC
            ON CONFLICT (instrument_id, bar_size, what_to_show, bar_start) DO UPDATE
                SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                    volume = EXCLUDED.volume, wap = EXCLUDED.wap, bar_count = EXCLUDED.bar_count,
                    chunk_id = EXCLUDED.chunk_id, fetched_at = EXCLUDED.fetched_at
                WHERE (bars.open, bars.high, bars.low, bars.close, bars.volume, bars.wap, bars.bar_count)
                      IS DISTINCT FROM
                      (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.wap,
                       EXCLUDED.bar_count)
            RETURNING NOT (xmax = 0) AS revised
            )
            SELECT count(*) FILTER (WHERE revised) AS revised FROM written
            """,
            [series.instrumentID, series.barSize, series.whatToShow, chunkID]
        ).singleRow()
        return try counted?.decode(Int.self, "revised") ?? 0
    }

    /// Stores the bars in `incoming_bars` with a plain `INSERT` when `bars` holds none of their series between the
    /// first and the last of them, which is the usual case: a backfill moves forward through time. Runs inside the
    /// caller's transaction.
    ///
    /// The upsert's `ON CONFLICT` costs each bar two descents of the primary key (the conflict check, then the
    /// insertion) and a third WAL record (the speculative insertion's confirmation); a plain `INSERT` costs one
    /// descent and two records, which keeps a commit into a table of many millions of bars nearly as fast as into an
    /// empty one. The emptiness check is one range scan of the key, read in the statement's snapshot; a bar another
    /// transaction stores meanwhile makes the `INSERT` fail with a unique violation, which rolls back to the
    /// savepoint, and the caller's upsert then decides row by row as always. Either way each key is written once.
    ///
    /// - Returns: Whether the bars were stored (all of them new); false leaves `bars` as it was.
    private static func insertIfAllNew(
        into database: isolated PostgresConnection,
        chunkID: String,
        series: (instrumentID: Int64, barSize: String, whatToShow: String)
    ) throws -> Bool {
        try database.executeScript("SAVEPOINT new_bars")
        let attempt = Result { () throws(PostgresError) -> PostgresRow? in
            try database.query(
                """
                WITH written AS (
                INSERT INTO bars (instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume,
                                  wap, bar_count, chunk_id, fetched_at)
                SELECT DISTINCT ON (bar_start)
                       $1, $2, $3, to_timestamp(bar_start), open, high, low, close, volume, wap, bar_count, $4, now()
                FROM incoming_bars
                WHERE NOT EXISTS (
                    SELECT 1 FROM bars
                    WHERE instrument_id = $1 AND bar_size = $2 AND what_to_show = $3
                      AND bar_start >= (SELECT to_timestamp(min(bar_start)) FROM incoming_bars)
                      AND bar_start <= (SELECT to_timestamp(max(bar_start)) FROM incoming_bars))
                ORDER BY bar_start, seq DESC
                RETURNING 1
                )
                SELECT count(*) AS inserted FROM written
                """,
                [series.instrumentID, series.barSize, series.whatToShow, chunkID]
            ).singleRow()
        }
        switch attempt {
        case .success(let row):
            try database.executeScript("RELEASE SAVEPOINT new_bars")
            return try (row?.decode(Int.self, "inserted") ?? 0) > 0
        case .failure(let error) where error.sqlState == "23505":
            try database.executeScript("ROLLBACK TO SAVEPOINT new_bars")
            return false
        case .failure(let error):
            throw error
        }
    }
}
