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
        try await workItems(id: id, unfinishedOnly: false, backfillID: nil).first
    }

    /// Every chunk that still needs work (not done, empty, cancelled or dead) of an active backfill, optionally of
    /// one backfill: what `backfill resume` pushes back to Redis after it lost its data.
    public func unfinishedChunks(backfillID: String? = nil) async throws -> [ChunkWorkItem] {
        try await workItems(id: nil, unfinishedOnly: true, backfillID: backfillID)
    }

    /// The one query behind both: a chunk by id, or the unfinished ones. libpq plans each `PQexecParams` call with
    /// its parameters, so the branches a call does not use fold away and a lookup by id stays an index lookup.
    private func workItems(id: String?, unfinishedOnly: Bool, backfillID: String?) async throws -> [ChunkWorkItem] {
        let rows = try await database.query(
            """
            SELECT c.id, c.backfill_id, b.priority, c.state, c.attempts, c.instrument_id, c.bar_size, c.what_to_show,
                   c.use_rth, c.end_date_time, c.duration, c.chain_id, coalesce(c.page_index, 0) AS page_index,
                   c.split_from,
                   extract(epoch FROM c.window_start)::bigint AS window_start,
                   extract(epoch FROM c.window_end)::bigint AS window_end,
                   i.symbol, i.sec_type, i.exchange, i.primary_exchange, i.currency, i.last_trade_date,
                   i.multiplier, i.local_symbol, i.trading_class, i.include_expired, coalesce(i.con_id, 0) AS con_id
            FROM chunks c
            JOIN backfills b ON b.id = c.backfill_id
            JOIN instruments i ON i.id = c.instrument_id
            WHERE ($1::text IS NULL OR c.id = $1)
              AND (NOT $2::boolean
                   OR (c.state NOT IN ('done', 'empty', 'cancelled', 'dead', 'split') AND b.state = 'active'))
              AND ($3::text IS NULL OR c.backfill_id = $3)
            ORDER BY b.priority DESC, c.backfill_id, c.window_start
            """,
            [id, unfinishedOnly, backfillID]
        ).rows
        return try rows.map(Self.workItem(from:))
    }

    /// A row of ``workItems(id:unfinishedOnly:backfillID:)`` as a work item.
    ///
    /// - Throws: `PostgresError` `.decoding` for a state Backfill does not know (a newer schema), or a column that
    ///   does not decode.
    private static func workItem(from row: PostgresRow) throws -> ChunkWorkItem {
        let stateText = try row.decode(String.self, "state")
        guard let state = ChunkState(rawValue: stateText) else {
            let id = (try? row.decode(String.self, "id")) ?? "?"
            throw PostgresError(.decoding, "Chunk \(id) has state '\(stateText)', which Backfill does not know.")
        }
        return ChunkWorkItem(
            request: try chunkRequest(from: row),
            instrumentID: try row.decode(Int64.self, "instrument_id"),
            backfillID: try row.decode(String.self, "backfill_id"),
            priority: try row.decode(Int.self, "priority"),
            state: state,
            attempts: try row.decode(Int.self, "attempts"),
            splitFrom: try row.decode(String?.self, "split_from")
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
