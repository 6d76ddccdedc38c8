import PQKit
import TWSProtocol

extension ChunkStore {
    /// One chunk with its contract and ids, or nil when no chunk has this id.
    ///
    /// Unlike ``unfinishedChunks(backfillID:)`` this returns the chunk in any state, so a worker holding a
    /// redelivered id can see that it is finished (or cancelled) and ack it without asking IB.
    ///
    /// - Parameter id: The chunk id.
    /// - Returns: The work item, or nil.
    /// - Throws: PQKit's `PostgresError` on a database failure or an undecodable row.
    public func workItem(id: String) async throws -> ChunkWorkItem? {
        // The columns are those of ``unfinishedChunks(backfillID:)``: ``workItem(from:)`` decodes both. (PQKit takes
        // only literal SQL, so the list is written out in each.)
        let row = try await database.query(
            """
            SELECT c.id, c.backfill_id, b.priority, c.state, c.attempts, c.instrument_id, c.bar_size, c.what_to_show,
                   c.use_rth, c.end_date_time, c.duration,
                   extract(epoch FROM c.window_start)::bigint AS window_start,
                   extract(epoch FROM c.window_end)::bigint AS window_end,
                   i.symbol, i.sec_type, i.exchange, i.primary_exchange, i.currency, i.last_trade_date,
                   i.multiplier, i.local_symbol, i.trading_class, i.include_expired, coalesce(i.con_id, 0) AS con_id
            FROM chunks c
            JOIN backfills b ON b.id = c.backfill_id
            JOIN instruments i ON i.id = c.instrument_id
            WHERE c.id = $1
            """,
            id
        ).singleRow()
        return try row.map(Self.workItem(from:))
    }

    /// A row of ``workItem(id:)`` or ``unfinishedChunks(backfillID:)`` as a work item.
    ///
    /// - Throws: `PostgresError` `.decoding` for a state Backfill does not know (a newer schema), or a column that
    ///   does not decode.
    static func workItem(from row: PostgresRow) throws -> ChunkWorkItem {
        let stateText = try row.decode(String.self, "state")
        guard let state = ChunkState(rawValue: stateText) else {
            let id = (try? row.decode(String.self, "id")) ?? "?"
            throw PostgresError(.decoding, "Chunk \(id) has state '\(stateText)', which Backfill does not know.")
        }
        return ChunkWorkItem(
            chunk: try chunkRow(from: row),
            instrumentID: try row.decode(Int64.self, "instrument_id"),
            backfillID: try row.decode(String.self, "backfill_id"),
            priority: try row.decode(Int.self, "priority"),
            state: state,
            attempts: try row.decode(Int.self, "attempts")
        )
    }

    /// Whether a chunk needs no more work (`done`, `empty` or `cancelled`); false for an unknown id.
    ///
    /// - Parameter id: The chunk id.
    /// - Throws: PQKit's `PostgresError` on a database failure.
    public func isFinished(id: String) async throws -> Bool {
        try await chunkState(id: id)?.isFinished ?? false
    }
}
